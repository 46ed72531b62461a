package io.goldpan.runner.models.demo;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the demo model: a compositional pattern-producing network (CPPN) as an ONNX graph.
 *
 * <pre>
 * inputs   coords float [P, 4]   per pixel: x, y, r = sqrt(x² + y²), 1
 *          z      float [1, Z]   prompt embedding mixed with seed noise
 * h1  = tanh(coords·Wc + z·Wz1 + b1)                       [P, H]
 * h2  = sin(ω · (h1·W2 + z·Wz2 + b2))                      [P, H]
 * h3  = tanh(h2·W3 + z·Wz3)                                [P, H]
 * rgb = sigmoid(gain · (h3·W4 + b4))                       [P, 3]
 * </pre>
 *
 * Weights are fixed: drawn from {@link #WEIGHT_SEED} when the graph is built, so every runner
 * paints the same picture for the same prompt and seed.
 */
final class CppnGraph {
  /** Width of the latent input {@code z}. */
  static final int Z = 24;

  /** Width of the hidden layers. */
  static final int HIDDEN = 32;

  static final String COORDS = "coords";
  static final String LATENT = "z";
  static final String RGB = "rgb";

  private static final long WEIGHT_SEED = 0x601D_9A4EL;
  private static final float OMEGA = 3.0f;
  private static final float GAIN = 2.5f;

  private CppnGraph() {}

  /** The serialized ONNX model. */
  static byte[] build() {
    SplittableRandom random = new SplittableRandom(WEIGHT_SEED);
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("goldpan-demo-cppn");
    graph.addInput(input(COORDS, "pixels", 4));
    graph.addInput(input(LATENT, 1, Z));
    graph.addOutput(input(RGB, "pixels", 3));

    graph.addInitializer(tensor("Wc", gaussian(random, 4 * HIDDEN, 2.2), 4, HIDDEN));
    graph.addInitializer(tensor("Wz1", gaussian(random, Z * HIDDEN, 1.6), Z, HIDDEN));
    graph.addInitializer(tensor("b1", gaussian(random, HIDDEN, 0.3), HIDDEN));
    graph.addInitializer(
        tensor(
            "W2",
            gaussian(random, HIDDEN * HIDDEN, 1.0 / Math.sqrt(HIDDEN) * 1.6),
            HIDDEN,
            HIDDEN));
    graph.addInitializer(tensor("Wz2", gaussian(random, Z * HIDDEN, 0.8), Z, HIDDEN));
    graph.addInitializer(tensor("b2", gaussian(random, HIDDEN, 0.5), HIDDEN));
    graph.addInitializer(tensor("omega", new float[] {OMEGA}));
    graph.addInitializer(
        tensor(
            "W3",
            gaussian(random, HIDDEN * HIDDEN, 1.0 / Math.sqrt(HIDDEN) * 1.8),
            HIDDEN,
            HIDDEN));
    graph.addInitializer(tensor("Wz3", gaussian(random, Z * HIDDEN, 0.9), Z, HIDDEN));
    graph.addInitializer(
        tensor("W4", gaussian(random, HIDDEN * 3, 1.0 / Math.sqrt(HIDDEN) * 1.5), HIDDEN, 3));
    graph.addInitializer(tensor("b4", gaussian(random, 3, 0.2), 3));
    graph.addInitializer(tensor("gain", new float[] {GAIN}));

    graph.addNode(node("MatMul", List.of(COORDS, "Wc"), "coords_wc"));
    graph.addNode(node("MatMul", List.of(LATENT, "Wz1"), "z_wz1"));
    graph.addNode(node("Add", List.of("coords_wc", "z_wz1"), "h1_zc"));
    graph.addNode(node("Add", List.of("h1_zc", "b1"), "h1_pre"));
    graph.addNode(node("Tanh", List.of("h1_pre"), "h1"));

    graph.addNode(node("MatMul", List.of("h1", "W2"), "h1_w2"));
    graph.addNode(node("MatMul", List.of(LATENT, "Wz2"), "z_wz2"));
    graph.addNode(node("Add", List.of("h1_w2", "z_wz2"), "h2_zh"));
    graph.addNode(node("Add", List.of("h2_zh", "b2"), "h2_lin"));
    graph.addNode(node("Mul", List.of("h2_lin", "omega"), "h2_pre"));
    graph.addNode(node("Sin", List.of("h2_pre"), "h2"));

    graph.addNode(node("MatMul", List.of("h2", "W3"), "h2_w3"));
    graph.addNode(node("MatMul", List.of(LATENT, "Wz3"), "z_wz3"));
    graph.addNode(node("Add", List.of("h2_w3", "z_wz3"), "h3_pre"));
    graph.addNode(node("Tanh", List.of("h3_pre"), "h3"));

    graph.addNode(node("MatMul", List.of("h3", "W4"), "h3_w4"));
    graph.addNode(node("Add", List.of("h3_w4", "b4"), "rgb_lin"));
    graph.addNode(node("Mul", List.of("rgb_lin", "gain"), "rgb_pre"));
    graph.addNode(node("Sigmoid", List.of("rgb_pre"), RGB));

    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("goldpan")
        .setDomain("io.goldpan")
        .setModelVersion(1)
        .setDocString(
            "Goldpan demo model: a CPPN painting abstract images from a prompt embedding and a"
                + " seed.")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  /** {@code count} samples of N(0, std²), by Box–Muller so the values do not depend on the JDK. */
  static float[] gaussian(SplittableRandom random, int count, double std) {
    float[] values = new float[count];
    for (int i = 0; i < count; i += 2) {
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double radius = Math.sqrt(-2.0 * Math.log(u1));
      values[i] = (float) (std * radius * Math.cos(2 * Math.PI * u2));
      if (i + 1 < count) {
        values[i + 1] = (float) (std * radius * Math.sin(2 * Math.PI * u2));
      }
    }
    return values;
  }

  private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(output)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }

  private static OnnxMl.TensorProto tensor(String name, float[] values, long... dims) {
    ByteBuffer raw =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    OnnxMl.TensorProto.Builder tensor =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(raw.array()));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.build();
  }

  private static OnnxMl.ValueInfoProto input(String name, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder d = shape.addDimBuilder();
      if (dim instanceof String symbol) {
        d.setDimParam(symbol);
      } else {
        d.setDimValue(((Number) dim).longValue());
      }
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
