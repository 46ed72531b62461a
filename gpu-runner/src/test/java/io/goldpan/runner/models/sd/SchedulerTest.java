package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.runner.models.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scheduler against diffusers, with a fake model ({@code 0.1 * input + t / 1000}) so only the
 * scheduler maths is checked. Both sides compute in float32 operation by operation; timesteps are
 * exact, but for Euler's fractional Karras timesteps (within 1e-6: 1 ulp seen). torch's CPU {@code
 * sqrt} (MKL) is not correctly rounded (1 ulp off for ~16% of inputs), so sigmas differ by up to 1
 * ulp and latents by a few ulp; where terms of size 10–40 cancel to values near zero that is ~1e-6
 * absolute. Hence the brief's 1e-4 relative with a 1e-6 absolute floor (today every case also
 * passes at 1e-5 relative).
 */
class SchedulerTest {
  private static final JsonNode FIXTURE = Fixtures.json("schedulers/schedulers.json");

  /** PNDM and Karras sigmas, recorded the same way (same shape, seeds and fake model). */
  private static final JsonNode SAMPLERS = Fixtures.json("schedulers/samplers.json");

  private static final double RELATIVE = 1e-4;
  private static final double ABSOLUTE = 1e-6;

  /** Relative, for timesteps computed from sigmas rather than picked from the training ones. */
  private static final double FRACTIONAL_TIMESTEP = 1e-6;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode fixture : List.of(FIXTURE, SAMPLERS)) {
      assertThat(fixture.get("shape")).isEqualTo(FIXTURE.get("shape"));
      assertThat(fixture.get("generator_seeds")).isEqualTo(FIXTURE.get("generator_seeds"));
      fixture.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void timesteps_matchDiffusers(String name, JsonNode c) {
    SchedulerRun run = start(c);

    float[] expected = Fixtures.floats(c.get("timesteps"));
    if (fractionalTimesteps(c)) {
      // interpolated in log sigma between training sigmas that may be 1 ulp off (torch's sqrt)
      Close.assertClose("timesteps", run.timesteps(), expected, FRACTIONAL_TIMESTEP, 0);
    } else {
      assertThat(run.timesteps()).containsExactly(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sigmasAndInitNoiseSigma_matchDiffusers(String name, JsonNode c) {
    SchedulerRun run = start(c);

    if (c.get("sigmas").isNull()) {
      assertThat(run.sigmas()).isEmpty();
    } else {
      Close.assertClose(
          "sigmas", run.sigmas(), Fixtures.floats(c.get("sigmas")), RELATIVE, ABSOLUTE);
    }
    Close.assertClose(
        "init_noise_sigma",
        new float[] {run.initNoiseSigma()},
        new float[] {(float) c.get("init_noise_sigma").asDouble()},
        RELATIVE,
        0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void latents_followDiffusersStepByStep(String name, JsonNode c) {
    SchedulerRun run = start(c);
    long[] shape = Fixtures.longs(FIXTURE.get("shape"));
    List<TorchGenerator> generators = new ArrayList<>();
    FIXTURE
        .get("generator_seeds")
        .forEach(seed -> generators.add(new TorchGenerator(seed.asLong())));
    float[] latents = new TorchGenerator(FIXTURE.get("initial_seed").asLong()).randn(shape);
    for (int i = 0; i < latents.length; i++) {
      latents[i] *= run.initNoiseSigma();
    }

    float[] timesteps = run.timesteps();
    for (int step = 0; step < timesteps.length; step++) {
      float[] output = fakeModel(run.scaleModelInput(latents, step), timesteps[step]);
      latents = run.step(output, step, latents, generators);

      JsonNode expected = c.get("latents").get(String.valueOf(step));
      if (expected != null) {
        Close.assertClose(
            "latents after step " + step, latents, Fixtures.floats(expected), RELATIVE, ABSOLUTE);
      }
    }
  }

  @Test
  void of_whenClassIsNotSupported_namesItAndTheSupportedOnes() {
    SchedulerConfig config =
        new SchedulerConfig("HeunDiscreteScheduler", new ObjectMapper().createObjectNode());

    assertThatThrownBy(() -> Scheduler.of(config))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("HeunDiscreteScheduler")
        .hasMessageContaining("PNDMScheduler");
  }

  @Test
  void of_whenSettingIsNotReproduced_refusesIt() {
    SchedulerConfig config =
        new SchedulerConfig(
            "EulerDiscreteScheduler",
            new ObjectMapper().createObjectNode().put("use_exponential_sigmas", true));

    assertThatThrownBy(() -> Scheduler.of(config))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("use_exponential_sigmas");
  }

  @Test
  void of_whenPndmWouldTakeRungeKuttaSteps_refusesIt() {
    SchedulerConfig config =
        new SchedulerConfig(
            "PNDMScheduler", new ObjectMapper().createObjectNode().put("skip_prk_steps", false));

    assertThatThrownBy(() -> Scheduler.of(config))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("skip_prk_steps");
  }

  @Test
  void configFor_readsTheModelsSettingsWithTheNamedClassAndKarrasSigmas() {
    SchedulerConfig model =
        new SchedulerConfig(
            "PNDMScheduler",
            new ObjectMapper()
                .createObjectNode()
                .put("_class_name", "PNDMScheduler")
                .put("beta_schedule", "scaled_linear")
                .put("skip_prk_steps", true));

    SchedulerConfig karras = Scheduler.configFor("dpmpp_2m_karras", model);
    assertThat(karras.className()).isEqualTo("DPMSolverMultistepScheduler");
    assertThat(karras.values().get("use_karras_sigmas").asBoolean()).isTrue();
    assertThat(karras.values().get("beta_schedule").asText()).isEqualTo("scaled_linear");
    assertThat(Scheduler.of(karras).label()).isEqualTo("DPM++ 2M Karras");
    assertThat(Scheduler.of(Scheduler.configFor("Euler_A", model)).label()).isEqualTo("Euler a");
    assertThat(Scheduler.of(Scheduler.configFor("euler_karras", model)).label())
        .isEqualTo("Euler Karras");
    assertThat(Scheduler.of(model).label()).isEqualTo("PLMS");
    assertThat(Scheduler.configFor("DDIMScheduler", model).className()).isEqualTo("DDIMScheduler");
  }

  @Test
  void configFor_pndmSkipsTheRungeKuttaStepsAsStableDiffusionDoes() {
    SchedulerConfig euler =
        new SchedulerConfig("EulerDiscreteScheduler", new ObjectMapper().createObjectNode());

    SchedulerConfig pndm = Scheduler.configFor("pndm", euler);

    assertThat(pndm.values().get("skip_prk_steps").asBoolean()).isTrue();
    assertThat(Scheduler.of(pndm).start(4).timesteps()).hasSize(5);
  }

  @Test
  void configFor_whenTheNameIsUnknown_namesTheFieldAndTheAcceptedNames() {
    SchedulerConfig model =
        new SchedulerConfig("EulerDiscreteScheduler", new ObjectMapper().createObjectNode());

    assertThatThrownBy(() -> Scheduler.configFor("heun", model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("scheduler: unknown scheduler")
        .hasMessageContaining("dpmpp_2m_karras");
  }

  @Test
  void start_whenLcmStepsExceedItsDistillationSchedule_refusesTheJob() {
    SchedulerConfig config =
        new SchedulerConfig("LCMScheduler", new ObjectMapper().createObjectNode());

    assertThatThrownBy(() -> Scheduler.of(config).start(51))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("at most original_inference_steps=50");
  }

  /** Euler with Karras sigmas steps at fractional training timesteps, not integer ones. */
  private static boolean fractionalTimesteps(JsonNode c) {
    JsonNode config = c.get("config");
    return config.path("use_karras_sigmas").asBoolean(false)
        && config.get("_class_name").asText().startsWith("Euler");
  }

  private static SchedulerRun start(JsonNode c) {
    JsonNode config = c.get("config");
    return Scheduler.of(new SchedulerConfig(config.get("_class_name").asText(), config))
        .start(c.get("steps").asInt());
  }

  /** {@code 0.1 * sample + t / 1000} in float32, as the fixture script computes it with torch. */
  private static float[] fakeModel(float[] sample, float t) {
    float shift = t / 1000f;
    float[] out = new float[sample.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 0.1f * sample[i] + shift;
    }
    return out;
  }
}
