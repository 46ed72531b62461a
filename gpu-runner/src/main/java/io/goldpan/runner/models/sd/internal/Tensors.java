package io.goldpan.runner.models.sd.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import io.goldpan.runner.models.ModelException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Map;

/**
 * Float tensors in and out of ONNX Runtime, converting to and from float16 where a model wants it.
 */
public final class Tensors {
  private Tensors() {}

  /** A tensor of {@code type} (FLOAT, FLOAT16 or DOUBLE) holding {@code values}. */
  public static OnnxTensor of(OrtEnvironment env, float[] values, long[] shape, OnnxJavaType type)
      throws OrtException {
    switch (type) {
      case FLOAT:
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
      case FLOAT16:
        ShortBuffer halves = ShortBuffer.allocate(values.length);
        for (float value : values) {
          halves.put(Fp16Conversions.floatToFp16(value));
        }
        halves.flip();
        return OnnxTensor.createTensor(env, halves, shape, OnnxJavaType.FLOAT16);
      case DOUBLE:
        DoubleBuffer doubles = DoubleBuffer.allocate(values.length);
        for (float value : values) {
          doubles.put(value);
        }
        doubles.flip();
        return OnnxTensor.createTensor(env, doubles, shape);
      default:
        throw new IllegalArgumentException("not a floating-point tensor type: " + type);
    }
  }

  /** The values of a FLOAT, FLOAT16 or DOUBLE tensor as floats. */
  public static float[] floats(OnnxValue value, String what) {
    if (!(value instanceof OnnxTensor tensor)) {
      throw new ModelException(what + " is not a tensor");
    }
    OnnxJavaType type = tensor.getInfo().type;
    switch (type) {
      case FLOAT:
        {
          FloatBuffer buffer = tensor.getFloatBuffer();
          float[] out = new float[buffer.remaining()];
          buffer.get(out);
          return out;
        }
      case FLOAT16:
        {
          ShortBuffer buffer = tensor.getShortBuffer();
          float[] out = new float[buffer.remaining()];
          for (int i = 0; i < out.length; i++) {
            out[i] = Fp16Conversions.fp16ToFloat(buffer.get(i));
          }
          return out;
        }
      case DOUBLE:
        {
          DoubleBuffer buffer = tensor.getDoubleBuffer();
          float[] out = new float[buffer.remaining()];
          for (int i = 0; i < out.length; i++) {
            out[i] = (float) buffer.get(i);
          }
          return out;
        }
      default:
        throw new ModelException(what + " has type " + type + ", expected a floating-point tensor");
    }
  }

  /** The tensor description of input or output {@code name}, or a clear error naming the model. */
  public static TensorInfo info(Map<String, NodeInfo> nodes, String name, String model) {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new ModelException(
          model + " has no input or output named '" + name + "'; it has " + nodes.keySet());
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new ModelException(model + ": '" + name + "' is not a tensor");
    }
    return info;
  }

  /** Rejects a tensor type a stage cannot feed or read. */
  public static OnnxJavaType requireFloating(TensorInfo info, String name, String model) {
    OnnxJavaType type = info.type;
    if (type != OnnxJavaType.FLOAT && type != OnnxJavaType.FLOAT16 && type != OnnxJavaType.DOUBLE) {
      throw new ModelException(
          model + ": '" + name + "' has type " + type + ", expected float, float16 or double");
    }
    return type;
  }

  /** The fixed batch size of an input (its first dimension), or 0 when it is dynamic. */
  public static int fixedBatch(TensorInfo info) {
    long[] shape = info.getShape();
    return shape.length > 0 && shape[0] > 0 ? (int) shape[0] : 0;
  }
}
