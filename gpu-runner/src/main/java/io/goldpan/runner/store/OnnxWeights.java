package io.goldpan.runner.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the element types of an ONNX file's initializers without loading their data: the model is
 * scanned as a protobuf stream and every tensor's bytes are skipped.
 */
public final class OnnxWeights {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int FLOAT = 1;
  private static final int FLOAT16 = 10;

  private OnnxWeights() {}

  /**
   * {@code fp16} when most initializer elements of {@code onnx} are float16, {@code fp32} when most
   * are float32, {@code unknown} when it holds neither or cannot be read.
   */
  public static String precision(Path onnx) {
    long[] counts;
    try {
      counts = floatElements(onnx);
    } catch (IOException e) {
      return "unknown";
    }
    if (counts[0] == 0 && counts[1] == 0) {
      return "unknown";
    }
    return counts[1] > counts[0] ? "fp16" : "fp32";
  }

  /** Elements of float32 ({@code [0]}) and float16 ({@code [1]}) initializers in {@code onnx}. */
  static long[] floatElements(Path onnx) throws IOException {
    long[] counts = new long[2];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(onnx), 1 << 16)) {
      CodedInputStream model = CodedInputStream.newInstance(in);
      model.setSizeLimit(Integer.MAX_VALUE);
      for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != MODEL_GRAPH) {
          model.skipField(tag);
          continue;
        }
        int graphEnd = model.pushLimit(model.readRawVarint32());
        for (int g = model.readTag(); g != 0; g = model.readTag()) {
          if (WireFormat.getTagFieldNumber(g) != GRAPH_INITIALIZER) {
            model.skipField(g);
            continue;
          }
          int tensorEnd = model.pushLimit(model.readRawVarint32());
          long elements = 1;
          int type = 0;
          for (int t = model.readTag(); t != 0; t = model.readTag()) {
            int field = WireFormat.getTagFieldNumber(t);
            if (field == TENSOR_DIMS
                && WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_VARINT) {
              elements *= model.readInt64();
            } else if (field == TENSOR_DIMS) {
              int packedEnd = model.pushLimit(model.readRawVarint32());
              while (model.getBytesUntilLimit() > 0) {
                elements *= model.readInt64();
              }
              model.popLimit(packedEnd);
            } else if (field == TENSOR_DATA_TYPE) {
              type = model.readInt32();
            } else {
              model.skipField(t);
            }
          }
          model.popLimit(tensorEnd);
          if (type == FLOAT) {
            counts[0] += elements;
          } else if (type == FLOAT16) {
            counts[1] += elements;
          }
        }
        model.popLimit(graphEnd);
      }
    }
    return counts;
  }
}
