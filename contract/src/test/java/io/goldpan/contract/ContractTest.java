package io.goldpan.contract;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  private static JobMessage job() {
    return new JobMessage(
        Contract.VERSION,
        JOB_ID,
        JobParameters.textToImage("a gnome", null, 4, 42, 512, 512, 20, 7.5, "demo", null),
        Instant.parse("2026-11-25T10:00:00Z"),
        Instant.parse("2026-11-26T10:00:00Z"));
  }

  @Test
  void jobMessage_roundTripsThroughJson() {
    String json = Contract.toJson(job());

    assertThat(json).contains("\"v\":1").contains("\"submittedAt\":\"2026-11-25T10:00:00Z\"");
    assertThat(json).doesNotContain("negativePrompt");
    assertThat(Contract.parseJob(json)).isEqualTo(job());
  }

  @Test
  void jobMessage_carriesItsParametersAsItsOwnFields() {
    String json = Contract.toJson(job());

    assertThat(json)
        .startsWith("{\"v\":1,\"jobId\":\"" + JOB_ID + "\",\"prompt\":\"a gnome\",\"count\":4,")
        .doesNotContain("parameters");
    String written =
        "{\"v\":1,\"jobId\":\""
            + JOB_ID
            + "\",\"prompt\":\"a gnome\",\"count\":4,\"seed\":42,\"width\":512,"
            + "\"height\":512,\"steps\":20,\"guidance\":7.5,\"model\":\"demo\","
            + "\"submittedAt\":\"2026-11-25T10:00:00Z\",\"deadline\":\"2026-11-26T10:00:00Z\"}";
    assertThat(Contract.parseJob(written)).isEqualTo(job());
  }

  @Test
  void event_roundTripsThroughJson() {
    RunnerEvent event =
        RunnerEvent.succeeded(
            JOB_ID,
            "runner-1",
            Instant.parse("2026-11-25T10:00:01Z"),
            List.of(new ImageResult(0, 42, StorageKeys.image(JOB_ID, 0), null, 512, 512)),
            new Timings(5, 100, 20, 130));

    assertThat(Contract.parseEvent(Contract.toJson(event))).isEqualTo(event);
  }

  @Test
  void progressEvent_carriesTheImagesStoredSoFar_andOldEventsWithoutThemStillParse() {
    ImageResult first = new ImageResult(0, 42, StorageKeys.image(JOB_ID, 0), null, 512, 512);
    RunnerEvent withImages =
        RunnerEvent.progress(JOB_ID, "runner-1", Instant.EPOCH, 20, 80, List.of(first));

    assertThat(Contract.parseEvent(Contract.toJson(withImages)).images()).containsExactly(first);
    String old =
        "{\"v\":1,\"type\":\"PROGRESS\",\"jobId\":\""
            + JOB_ID
            + "\",\"runnerId\":\"r\",\"step\":3,\"totalSteps\":80}";
    RunnerEvent parsed = Contract.parseEvent(old);
    assertThat(parsed.images()).isNull();
    assertThat(parsed.step()).isEqualTo(3);
    assertThat(Contract.toJson(RunnerEvent.progress(JOB_ID, "r", Instant.EPOCH, 3, 80)))
        .doesNotContain("images");
  }

  @Test
  void imageToImageJob_roundTrips_andOldMessagesWithoutInitStillParse() {
    JobMessage vary = withInit(new ImageRef(JOB_ID, 2), 0.35);

    String json = Contract.toJson(vary);

    assertThat(json)
        .contains("\"init\":{\"jobId\":\"" + JOB_ID + "\",\"index\":2}")
        .contains("\"strength\":0.35");
    assertThat(Contract.parseJob(json)).isEqualTo(vary);
    assertThat(JobLimits.problems(vary)).isEmpty();
    String plain = Contract.toJson(job());
    assertThat(plain).doesNotContain("init").doesNotContain("strength");
    assertThat(Contract.parseJob(plain).parameters().init()).isNull();
    assertThat(vary.parameters().init().key()).isEqualTo(StorageKeys.image(JOB_ID, 2));
  }

  private static JobMessage withInit(ImageRef init, Double strength) {
    return job().with(job().parameters().withInit(init, strength));
  }

  @Test
  void limits_refuseAnInitThatIsNotAnImageKey_andAStrengthOutsideZeroToOne() {
    assertThat(JobLimits.problems(withInit(new ImageRef("../x", 0), 0.5)))
        .singleElement(as(STRING))
        .startsWith(
            "init: must be an object {\"jobId\": a job id, \"index\": an integer from 0 to 15}");
    assertThat(JobLimits.problems(withInit(new ImageRef(JOB_ID, 16), 0.5))).hasSize(1);
    assertThat(JobLimits.problems(withInit(new ImageRef(JOB_ID, -1), 0.5))).hasSize(1);
    for (double strength : new double[] {0, -1, 1.01, Double.NaN}) {
      assertThat(JobLimits.problems(withInit(new ImageRef(JOB_ID, 0), strength)))
          .containsExactly("strength: must be greater than 0.0 and at most 1.0");
    }
    assertThat(JobLimits.problems(withInit(new ImageRef(JOB_ID, 0), 1.0))).isEmpty();
    assertThat(JobLimits.problems(withInit(null, 0.5)))
        .containsExactly("strength: must be given with init, and only with it");
  }

  @Test
  void heartbeat_mayNameTheModelsThatVary_andOldHeartbeatsStillParse() {
    RunnerEvent heartbeat =
        RunnerEvent.heartbeat("r", Instant.EPOCH, List.of("demo", "sd"), "CPU", List.of("sd"));

    assertThat(Contract.parseEvent(Contract.toJson(heartbeat)).varyingModels())
        .containsExactly("sd");
    String old = Contract.toJson(RunnerEvent.heartbeat("r", Instant.EPOCH, List.of("demo"), "CPU"));
    assertThat(old).doesNotContain("varyingModels");
    assertThat(Contract.parseEvent(old).varyingModels()).isNull();
  }

  @Test
  void parseJob_whenVersionIsNewer_namesBothVersions() {
    String json = Contract.toJson(job()).replace("\"v\":1", "\"v\":2");

    assertThatThrownBy(() -> Contract.parseJob(json))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("speaks version 1");
  }

  @Test
  void parseJob_whenBodyIsNotJson_saysSo() {
    assertThatThrownBy(() -> Contract.parseJob("{not json"))
        .isInstanceOf(ContractException.class)
        .hasMessageStartingWith("job message is not JSON");
    assertThatThrownBy(() -> Contract.parseJob(""))
        .isInstanceOf(ContractException.class)
        .hasMessage("job message is empty");
    assertThatThrownBy(() -> Contract.parseJob("[1]"))
        .isInstanceOf(ContractException.class)
        .hasMessage("job message is not a JSON object");
  }

  @Test
  void parseJob_whenVersionMissing_saysSo() {
    assertThatThrownBy(() -> Contract.parseJob("{\"jobId\":\"x\"}"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("no contract version");
  }

  @Test
  void parseEvent_withoutJobId_isRefusedUnlessHeartbeat() {
    String started = Contract.toJson(RunnerEvent.started(JOB_ID, "r", Instant.EPOCH));
    String broken = started.replace(JOB_ID, "../../etc");

    assertThatThrownBy(() -> Contract.parseEvent(broken))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("jobId");
    String heartbeat =
        Contract.toJson(RunnerEvent.heartbeat("r", Instant.EPOCH, List.of("demo"), "CPU"));
    assertThat(Contract.parseEvent(heartbeat).models()).containsExactly("demo");
  }

  @Test
  void limits_acceptAValidJob_andNameEveryBrokenField() {
    assertThat(JobLimits.problems(job())).isEmpty();

    JobMessage absurd =
        new JobMessage(
            1,
            "nope",
            JobParameters.textToImage(
                "", "bad\u0007bell", 1000, -1, 100, 4096, 0, Double.NaN, "", "heun"),
            Instant.EPOCH,
            Instant.EPOCH);

    assertThat(JobLimits.problems(absurd))
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly(
            "jobId",
            "prompt",
            "negativePrompt",
            "count",
            "seed",
            "width",
            "height",
            "steps",
            "guidance",
            "model",
            "scheduler");
  }

  @Test
  void storageKeys_areDeterministic_andRefuseForeignIds() {
    assertThat(StorageKeys.image(JOB_ID, 3)).isEqualTo("images/" + JOB_ID + "/3.png");
    assertThat(StorageKeys.thumbnail(JOB_ID, 3)).isEqualTo("thumbs/" + JOB_ID + "/3.jpg");
    assertThat(StorageKeys.cancelMarker(JOB_ID)).isEqualTo("cancel/" + JOB_ID);
    assertThatThrownBy(() -> StorageKeys.image("../x", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
