package io.goldpan.runner.doctor;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import io.goldpan.runner.config.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A rough estimate of the GPU memory a model needs: its ONNX weights (the files of {@code
 * text_encoder/}, {@code unet/} and {@code vae_decoder/}) plus a working margin for activations and
 * cuDNN workspaces at 512×512.
 *
 * @param weightBytes bytes of ONNX files
 * @param precision {@code fp32}, {@code fp16} or {@code unknown}
 */
record ModelFootprint(long weightBytes, String precision) {
  /** Activations, workspaces and the CUDA context at 512×512, batch 1: about 1.5 GiB. */
  static final long MARGIN = 3L << 29;

  private static final List<String> STAGES = List.of("text_encoder", "unet", "vae_decoder");

  /** Bytes of GPU memory the model needs, roughly. */
  long neededBytes() {
    return weightBytes + MARGIN;
  }

  static ModelFootprint of(ModelSource source) {
    if (source.isBuiltIn()) {
      return new ModelFootprint(0, "fp32");
    }
    long bytes = 0;
    for (String stage : STAGES) {
      Path dir = source.directory().resolve(stage);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        bytes += files.filter(Files::isRegularFile).mapToLong(ModelFootprint::size).sum();
      } catch (IOException e) {
        // counted as far as it could be listed
      }
    }
    return new ModelFootprint(
        bytes, precision(source.directory().resolve("vae_decoder/model.onnx")));
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
    return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
