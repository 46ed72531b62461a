package io.goldpan.runner.doctor;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import io.goldpan.runner.config.ModelSource;
import io.goldpan.runner.models.GpuFit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rough estimate of the GPU memory a model needs: its ONNX weights (the files of {@code
 * text_encoder/}, SDXL's {@code text_encoder_2/}, {@code unet/} and {@code vae_decoder/}) plus a
 * working margin for activations and cuDNN workspaces at 512×512.
 *
 * @param weightBytes bytes of ONNX files
 * @param precision {@code fp32}, {@code fp16} or {@code unknown}
 */
record ModelFootprint(long weightBytes, String precision) {
  /**
   * Bytes of GPU memory the model needs, roughly: the estimate the runner checks before opening.
   */
  long neededBytes() {
    return weightBytes + GpuFit.MARGIN;
  }

  static ModelFootprint of(ModelSource source) {
    if (source.isBuiltIn()) {
      return new ModelFootprint(0, "fp32");
    }
    return new ModelFootprint(
        GpuFit.weightBytes(source.directory()),
        precision(source.directory().resolve("vae_decoder/model.onnx")));
  }

  /** The element type of the VAE decoder's input, which the exporter sets to the model's dtype. */
  static String precision(Path vaeDecoder) {
    try (InputStream in = Files.newInputStream(vaeDecoder)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(coded);
      int type = model.getGraph().getInput(0).getType().getTensorType().getElemType();
      if (type == OnnxMl.TensorProto.DataType.FLOAT16_VALUE) {
        return "fp16";
      }
      return type == OnnxMl.TensorProto.DataType.FLOAT_VALUE ? "fp32" : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String gb(long bytes) {
    return GpuFit.gb(bytes);
  }
}
