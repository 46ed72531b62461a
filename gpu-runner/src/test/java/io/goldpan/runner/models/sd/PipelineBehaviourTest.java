package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineBehaviourTest {
  private StableDiffusionPipeline pipeline;

  @BeforeAll
  void open() {
    pipeline =
        StableDiffusionPipeline.open(
            ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd")),
            SessionSettings.cpu(),
            2);
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  void generate_reportsEveryStepOfEveryBatch() {
    List<String> reported = new ArrayList<>();

    pipeline.generate(
        request(3, 2, null), (step, total) -> reported.add(step + "/" + total), () -> false);

    // three images in batches of two: two batches of two steps
    assertThat(reported).containsExactly("1/4", "2/4", "3/4", "4/4");
  }

  @Test
  void generate_whenCancelled_stopsBetweenSteps() {
    AtomicInteger steps = new AtomicInteger();

    assertThatThrownBy(
            () ->
                pipeline.generate(
                    request(1, 4, null), (step, total) -> steps.set(step), () -> steps.get() >= 2))
        .isInstanceOf(PaintingCancelledException.class)
        .hasMessageContaining("before step 3 of 4");
    assertThat(steps).hasValue(2);
  }

  @Test
  void generate_paintsTheRequestedSize() {
    var images =
        pipeline.generate(
            new GenerationRequest("a fox", null, 1, 1, 48, 32, 1, 1.0, "ddim"),
            (step, total) -> {},
            () -> false);

    assertThat(images)
        .singleElement()
        .satisfies(
            image -> {
              assertThat(image.getWidth()).isEqualTo(48);
              assertThat(image.getHeight()).isEqualTo(32);
            });
  }

  @Test
  void generate_whenSchedulerIsUnknown_failsNamingIt() {
    assertThatThrownBy(
            () -> pipeline.generate(request(1, 1, "heun"), (step, total) -> {}, () -> false))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("scheduler: unknown scheduler; use one of euler,");
  }

  @Test
  void generate_withPndm_reportsItsExtraModelEvaluation() {
    List<String> reported = new ArrayList<>();

    pipeline.generate(
        request(1, 2, "pndm"), (step, total) -> reported.add(step + "/" + total), () -> false);

    // two PLMS steps take three evaluations: the second timestep comes twice
    assertThat(reported).containsExactly("1/3", "2/3", "3/3");
  }

  @Test
  void samplerLabelFor_namesTheSamplerAsAutomatic1111Does() {
    assertThat(pipeline.samplerLabelFor(request(1, 1, null))).isEqualTo("Euler");
    assertThat(pipeline.samplerLabelFor(request(1, 1, "dpmpp_2m_karras")))
        .isEqualTo("DPM++ 2M Karras");
    assertThat(pipeline.samplerLabelFor(request(1, 1, "euler_a"))).isEqualTo("Euler a");
    assertThat(pipeline.samplerLabelFor(request(1, 1, "pndm"))).isEqualTo("PLMS");
    assertThat(pipeline.samplerLabelFor(request(1, 1, "euler_a_karras")))
        .isEqualTo("Euler a Karras");
  }

  @Test
  void schedulerClassFor_prefersTheRequestThenTheModel() {
    assertThat(pipeline.schedulerClassFor(request(1, 1, "euler_a")))
        .isEqualTo("EulerAncestralDiscreteScheduler");
    assertThat(pipeline.schedulerClassFor(request(1, 1, null))).isEqualTo("EulerDiscreteScheduler");
    assertThat(pipeline.schedulerClassFor(request(1, 1, "plms"))).isEqualTo("PNDMScheduler");
  }

  @Test
  void request_whenSizeIsNotAMultipleOf8_namesTheFields() {
    assertThatThrownBy(() -> new GenerationRequest("a fox", null, 1, 1, 63, 64, 4, 7.5, null))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("width and height")
        .hasMessageContaining("63x64");
  }

  @Test
  void settings_describeTheProviderAndCudaOptions() {
    assertThat(SessionSettings.cpu().describe()).isEqualTo("CPU");
    assertThat(SessionSettings.cuda(1).describe())
        .isEqualTo(
            "CUDA device 1 (cudnn_conv_algo_search=HEURISTIC,"
                + " arena_extend_strategy=kSameAsRequested, do_copy_in_default_stream=1)");
    assertThat(SessionSettings.cuda(1).cudaOptions()).containsEntry("device_id", "1");
  }

  @Test
  void settings_withAMemoryLimit_passGpuMemLimitInBytes() {
    SessionSettings limited = SessionSettings.cuda(0).withGpuMemoryLimit(6L << 30);

    assertThat(limited.cudaOptions())
        .containsEntry("gpu_mem_limit", "6442450944")
        .containsEntry("arena_extend_strategy", "kSameAsRequested");
    assertThat(SessionSettings.cuda(0).cudaOptions()).doesNotContainKey("gpu_mem_limit");
  }

  private static GenerationRequest request(int count, int steps, String scheduler) {
    return new GenerationRequest("a fox", "blurry", 3, count, 64, 64, steps, 7.5, scheduler);
  }
}
