package io.goldpan.runner.models.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.models.StepListener;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoModelTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static DemoModel model;

  @BeforeAll
  static void open() {
    model = DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CPU);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static JobMessage job(String prompt, long seed, int width, int height) {
    return new JobMessage(
        Contract.VERSION,
        JOB_ID,
        JobParameters.textToImage(prompt, null, 4, seed, width, height, 20, 7.5, "demo", null),
        null,
        null);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static double differingFraction(int[] a, int[] b) {
    int differing = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        differing++;
      }
    }
    return (double) differing / a.length;
  }

  @Test
  void samePromptAndSeed_paintIdenticalPixels() {
    int[] first =
        pixels(model.paint(job("a gnome in a forest", 42, 256, 256), 0, StepListener.NONE));
    int[] again =
        pixels(model.paint(job("a gnome in a forest", 42, 256, 256), 0, StepListener.NONE));

    assertThat(again).isEqualTo(first);
  }

  @Test
  void imageIndex_paintsWithTheSeedOfThatIndex() {
    int[] second =
        pixels(model.paint(job("a gnome in a forest", 42, 256, 256), 1, StepListener.NONE));
    int[] seed43 =
        pixels(model.paint(job("a gnome in a forest", 43, 256, 256), 0, StepListener.NONE));

    assertThat(second).isEqualTo(seed43);
  }

  @Test
  void anotherSeed_paintsAnotherPicture() {
    int[] a = pixels(model.paint(job("a gnome in a forest", 42, 256, 256), 0, StepListener.NONE));
    int[] b = pixels(model.paint(job("a gnome in a forest", 43, 256, 256), 0, StepListener.NONE));

    assertThat(differingFraction(a, b)).isGreaterThan(0.9);
  }

  @Test
  void anotherPrompt_paintsAnotherPicture() {
    int[] a = pixels(model.paint(job("a gnome in a forest", 42, 256, 256), 0, StepListener.NONE));
    int[] b = pixels(model.paint(job("sunset over the ocean", 42, 256, 256), 0, StepListener.NONE));
    int[] emoji = pixels(model.paint(job("🎨🌈", 42, 256, 256), 0, StepListener.NONE));
    int[] otherEmoji = pixels(model.paint(job("🐉", 42, 256, 256), 0, StepListener.NONE));

    assertThat(differingFraction(a, b)).isGreaterThan(0.9);
    assertThat(differingFraction(emoji, otherEmoji)).isGreaterThan(0.9);
  }

  @Test
  void picture_isColourful_notAFlatFill() {
    BufferedImage image =
        model.paint(job("cyberpunk city at night", 7, 256, 256), 0, StepListener.NONE);
    Set<Integer> colours = new HashSet<>();
    Set<Integer> hues = new HashSet<>();
    for (int rgb : pixels(image)) {
      colours.add(rgb & 0xffffff);
      float[] hsb = Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, null);
      if (hsb[1] > 0.3 && hsb[2] > 0.3) {
        hues.add((int) (hsb[0] * 12)); // twelve hue sectors
      }
    }

    assertThat(colours).hasSizeGreaterThan(5_000);
    assertThat(hues).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void picture_hasTheJobsSize_alsoWhenNotSquare() {
    BufferedImage image = model.paint(job("a tall tower", 1, 256, 384), 0, StepListener.NONE);

    assertThat(image.getWidth()).isEqualTo(256);
    assertThat(image.getHeight()).isEqualTo(384);
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
  }

  @Test
  void graph_isARealOnnxModel_takingCoordinatesAndLatent() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(CppnGraph.build())) {
      assertThat(session.getInputNames()).containsExactlyInAnyOrder("coords", "z");
      assertThat(session.getOutputNames()).containsExactly("rgb");
    }
  }

  @Test
  void promptEmbedding_isAUnitVector_andIgnoresCaseAndPunctuation() {
    float[] a = PromptEmbedding.of("A Gnome, in a forest!", CppnGraph.Z);
    float[] b = PromptEmbedding.of("a gnome in a forest", CppnGraph.Z);
    double norm = 0;
    for (float v : a) {
      norm += v * v;
    }

    assertThat(Math.sqrt(norm)).isCloseTo(1.0, offset(1e-5));
    assertThat(a).isEqualTo(b);
    assertThat(Arrays.equals(a, PromptEmbedding.of("a forest in a gnome", CppnGraph.Z))).isFalse();
  }

  @Test
  void slowedDown_takesTheJobsSteps_reportsEach_andPaintsTheSamePixels() {
    JobMessage job = job("a gnome in a forest", 42, 256, 256);
    List<Integer> steps = new ArrayList<>();
    try (DemoModel slow =
        DemoModel.open(
            OrtEnvironment.getEnvironment(), ExecutionProvider.CPU, Duration.ofMillis(1))) {
      int[] slowPixels =
          pixels(
              slow.paint(
                  job,
                  0,
                  (step, total) -> {
                    assertThat(total).isEqualTo(20);
                    steps.add(step);
                  },
                  () -> false));

      assertThat(steps).isEqualTo(IntStream.rangeClosed(1, 20).boxed().toList());
      assertThat(slowPixels).isEqualTo(pixels(model.paint(job, 0, StepListener.NONE)));
    }
  }

  @Test
  void slowedDown_stopsBetweenSteps_whenCancelled() {
    JobMessage job = job("a gnome in a forest", 42, 256, 256);
    AtomicInteger asked = new AtomicInteger();
    try (DemoModel slow =
        DemoModel.open(
            OrtEnvironment.getEnvironment(), ExecutionProvider.CPU, Duration.ofMillis(1))) {
      assertThatThrownBy(
              () -> slow.paint(job, 2, StepListener.NONE, () -> asked.incrementAndGet() > 3))
          .isInstanceOf(PaintingCancelledException.class)
          .hasMessage("jobId=" + JOB_ID + " cancelled at step 4 of image 2");
    }
  }
}
