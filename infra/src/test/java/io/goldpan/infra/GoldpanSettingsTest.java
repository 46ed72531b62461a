package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoldpanSettingsTest {
  private final GoldpanSettings defaults = GoldpanSettings.defaults(Synth.DUMMY_CODE);

  @Test
  void defaults_createAuroraAndARunnerUserButNoGpuGroup() {
    assertThat(defaults.aurora()).isTrue();
    assertThat(defaults.runnerUser()).isTrue();
    assertThat(defaults.gpuRunners()).isFalse();
  }

  @Test
  void dbSecretArn_whenNotACompleteArn_isRejectedWithTheExpectedShape() {
    assertThatThrownBy(
            () -> withSecret("arn:aws:secretsmanager:us-east-1:123456789012:secret:goldpan-db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dbSecretArn must be a secret's complete ARN");
  }

  @Test
  void gpuRunners_withoutARunnerRepo_isRejectedNamingTheContextKey() {
    assertThatThrownBy(
            () ->
                new GoldpanSettings(
                    Synth.DUMMY_CODE,
                    Optional.empty(),
                    2,
                    true,
                    true,
                    "g5.xlarge",
                    1,
                    GoldpanSettings.DEEP_LEARNING_AMI_PARAMETER,
                    Optional.empty(),
                    "main",
                    "demo",
                    Optional.empty(),
                    1,
                    false,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runnerRepo");
  }

  @Test
  void requireFunctionsCode_whenTheJarIsMissing_saysHowToBuildIt() {
    GoldpanSettings missing = GoldpanSettings.defaults(Path.of("target/no-such-functions.jar"));

    assertThatThrownBy(missing::requireFunctionsCode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -B -q -DskipTests package -pl functions -am");
  }

  @Test
  void apiKey_whenNotAGoldpanKey_isRejectedBeforeItCanBreakTheDeploy() {
    assertThatThrownBy(
            () ->
                new GoldpanSettings(
                    Synth.DUMMY_CODE,
                    Optional.empty(),
                    2,
                    true,
                    false,
                    "g5.xlarge",
                    1,
                    GoldpanSettings.DEEP_LEARNING_AMI_PARAMETER,
                    Optional.empty(),
                    "main",
                    "demo",
                    Optional.of("letmein"),
                    1,
                    false,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey must look like gp_");
  }

  @Test
  void modelList_trimsAndDropsEmptyEntries() {
    GoldpanSettings settings =
        new GoldpanSettings(
            Synth.DUMMY_CODE,
            Optional.empty(),
            2,
            true,
            false,
            "g5.xlarge",
            1,
            GoldpanSettings.DEEP_LEARNING_AMI_PARAMETER,
            Optional.empty(),
            "main",
            " demo, sd-turbo ,",
            Optional.empty(),
            1,
            false,
            Optional.empty());

    assertThat(settings.modelList()).containsExactly("demo", "sd-turbo");
  }

  private GoldpanSettings withSecret(String arn) {
    return new GoldpanSettings(
        Synth.DUMMY_CODE,
        Optional.of(arn),
        2,
        true,
        false,
        "g5.xlarge",
        1,
        GoldpanSettings.DEEP_LEARNING_AMI_PARAMETER,
        Optional.empty(),
        "main",
        "demo",
        Optional.empty(),
        1,
        false,
        Optional.empty());
  }
}
