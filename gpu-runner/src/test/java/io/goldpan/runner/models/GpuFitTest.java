package io.goldpan.runner.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuFitTest {
  @TempDir Path dir;

  @Test
  void aModelBiggerThanTheFreeMemory_isRefusedWithWhatItNeedsAndWhatIsFree() throws Exception {
    Files.createDirectories(dir.resolve("unet"));
    Files.write(dir.resolve("unet/model.onnx"), new byte[1 << 20]);
    long needed = GpuFit.neededBytes(dir);
    assertThat(needed).isEqualTo((1L << 20) + GpuFit.MARGIN);

    assertThatThrownBy(() -> GpuFit.check("sd15", dir, OptionalLong.of(needed - 1)))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("model 'sd15' needs about 1.5 GB of GPU memory, 1.5 GB free")
        .hasMessageContaining("nvidia-smi");
    GpuFit.check("sd15", dir, OptionalLong.of(needed)); // fits exactly
    GpuFit.check("sd15", dir, OptionalLong.empty()); // unknown: ONNX Runtime decides
  }

  @Test
  void anSdxlModel_countsBothTextEncoders() throws Exception {
    for (String stage : new String[] {"text_encoder", "text_encoder_2", "unet", "vae_decoder"}) {
      Files.createDirectories(dir.resolve(stage));
      Files.write(dir.resolve(stage).resolve("model.onnx"), new byte[1 << 10]);
    }
    Files.createDirectories(dir.resolve("tokenizer_2"));
    Files.write(dir.resolve("tokenizer_2/vocab.json"), new byte[1 << 10]);

    assertThat(GpuFit.weightBytes(dir)).isEqualTo(4L << 10);
  }

  @Test
  void freeMemory_comesFromNvidiaSmi_andIsUnknownWithoutIt() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho 3210\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(GpuFit.freeBytes(Map.of("PATH", bin.toString()))).hasValue(3210L << 20);
    assertThat(GpuFit.freeBytes(Map.of("PATH", dir.resolve("empty").toString()))).isEmpty();
  }
}
