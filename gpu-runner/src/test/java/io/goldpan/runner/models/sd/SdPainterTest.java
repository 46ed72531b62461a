package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.models.ModelException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdPainterTest {

  @Test
  void paint_fromSeedAlone_paintsDiffusersImages() {
    PipelineReference reference =
        PipelineReference.of("tiny-sd").stream()
            .filter(run -> run.injectedLatents() == null && run.request().scheduler() == null)
            .findFirst()
            .orElseThrow();
    GenerationRequest r = reference.request();

    try (SdPainter painter =
        SdPainter.open(PipelineReference.modelDirectory("tiny-sd"), SessionSettings.cpu())) {
      List<BufferedImage> images =
          painter.paint(
              r.prompt(),
              r.negativePrompt(),
              r.seed(),
              r.count(),
              r.width(),
              r.height(),
              r.steps(),
              r.guidance(),
              r.scheduler(),
              null,
              null);

      StableDiffusionPipelineTest.assertImagesMatch(images, reference.images());
      assertThat(painter.executionProvider()).isEqualTo("CPU");
      assertThat(painter.schedulerClassFor(null)).isEqualTo("EulerDiscreteScheduler");
      assertThat(painter.schedulerClassFor("lcm")).isEqualTo("LCMScheduler");
    }
  }

  @Test
  void open_whenDirectoryDoesNotExist_saysSo() {
    Path missing = Path.of("no-such-model");

    assertThatThrownBy(() -> SdPainter.open(missing, SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("no-such-model")
        .hasMessageContaining("does not exist");
  }
}
