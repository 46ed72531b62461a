package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.functions.ApiError.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A form's text fields are read into the same parameters, by the same rules, as JSON. */
class JobRequestParserFormTest {
  private final JobRequestParser parser =
      new JobRequestParser(List.of("demo", "sd"), List::of, () -> 77);

  @Test
  void formFields_giveTheSameParametersAsTheSameJson() {
    JobParameters fromForm =
        parser
            .parseForm(
                Map.of(
                    "prompt", "a fox",
                    "negativePrompt", "",
                    "count", " 3 ",
                    "seed", "12",
                    "width", "640",
                    "steps", "8",
                    "guidance", "5.5",
                    "model", "sd",
                    "scheduler", "euler_a"))
            .parameters();
    JobParameters fromJson =
        parser
            .parse(
                "{\"prompt\":\"a fox\",\"count\":3,\"seed\":12,\"width\":640,\"steps\":8,"
                    + "\"guidance\":5.5,\"model\":\"sd\",\"scheduler\":\"euler_a\"}")
            .parameters();

    assertThat(fromForm).isEqualTo(fromJson);
    assertThat(fromForm.negativePrompt()).isNull();
    assertThat(fromForm.height()).isEqualTo(JobLimits.SIZE_DEFAULT);
  }

  @Test
  void blankSeed_isDrawn_andEveryBadFieldIsNamedWithItsLimit() {
    assertThat(parser.parseForm(Map.of("prompt", "a fox", "seed", " ")).parameters().seed())
        .isEqualTo(77);

    assertThatThrownBy(
            () ->
                parser.parseForm(
                    Map.of(
                        "prompt", "a fox", "count", "lots", "width", "500", "guidance", "1e400")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.fields())
                    .extracting(FieldError::field, FieldError::message)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                            "count", "must be an integer from 1 to 16"),
                        org.assertj.core.groups.Tuple.tuple(
                            "width", "must be an integer multiple of 64 from 256 to 1024"),
                        org.assertj.core.groups.Tuple.tuple(
                            "guidance", "must be a number from 0.0 to 30.0")));
  }
}
