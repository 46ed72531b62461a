package io.goldpan.functions.jobs;

import static io.goldpan.contract.JobLimits.COUNT_DEFAULT;
import static io.goldpan.contract.JobLimits.COUNT_MAX;
import static io.goldpan.contract.JobLimits.COUNT_MIN;
import static io.goldpan.contract.JobLimits.GUIDANCE_DEFAULT;
import static io.goldpan.contract.JobLimits.GUIDANCE_MAX;
import static io.goldpan.contract.JobLimits.GUIDANCE_MIN;
import static io.goldpan.contract.JobLimits.MODEL_MAX_CHARS;
import static io.goldpan.contract.JobLimits.PROMPT_MAX_CHARS;
import static io.goldpan.contract.JobLimits.SEED_MAX;
import static io.goldpan.contract.JobLimits.SIZE_DEFAULT;
import static io.goldpan.contract.JobLimits.SIZE_MAX;
import static io.goldpan.contract.JobLimits.SIZE_MIN;
import static io.goldpan.contract.JobLimits.SIZE_STEP;
import static io.goldpan.contract.JobLimits.STEPS_DEFAULT;
import static io.goldpan.contract.JobLimits.STEPS_MAX;
import static io.goldpan.contract.JobLimits.STEPS_MIN;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code POST /api/jobs} as the OpenAPI description shows it. {@link JobRequestParser}
 * reads the raw body itself (so every error names its field); this record only carries the bounds
 * of {@link io.goldpan.contract.JobLimits} into the schema, and a test holds the two together.
 */
@Schema(name = "JobSubmission", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record SubmitBody(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            minLength = 1,
            maxLength = PROMPT_MAX_CHARS,
            description = "What to paint; no control characters but line breaks and tabs.")
        String prompt,
    @Schema(maxLength = PROMPT_MAX_CHARS, nullable = true) String negativePrompt,
    @Schema(
            minimum = "" + COUNT_MIN,
            maximum = "" + COUNT_MAX,
            defaultValue = "" + COUNT_DEFAULT,
            description = "How many images.")
        Integer count,
    @Schema(
            minimum = "0",
            maximum = "" + SEED_MAX,
            nullable = true,
            description = "Left out: a random seed, shown in the job.")
        Long seed,
    @Schema(
            minimum = "" + SIZE_MIN,
            maximum = "" + SIZE_MAX,
            multipleOf = SIZE_STEP,
            defaultValue = "" + SIZE_DEFAULT)
        Integer width,
    @Schema(
            minimum = "" + SIZE_MIN,
            maximum = "" + SIZE_MAX,
            multipleOf = SIZE_STEP,
            defaultValue = "" + SIZE_DEFAULT)
        Integer height,
    @Schema(minimum = "" + STEPS_MIN, maximum = "" + STEPS_MAX, defaultValue = "" + STEPS_DEFAULT)
        Integer steps,
    @Schema(
            minimum = "" + GUIDANCE_MIN,
            maximum = "" + GUIDANCE_MAX,
            defaultValue = "" + GUIDANCE_DEFAULT)
        Double guidance,
    @Schema(
            maxLength = MODEL_MAX_CHARS,
            description =
                "A configured model or one a runner reported recently; left out: the first"
                    + " configured (GET /api/status lists them).")
        String model,
    @Schema(
            nullable = true,
            allowableValues = {
              // Sampler.names(): a test checks the two lists agree
              "euler",
              "euler_karras",
              "euler_a",
              "euler_a_karras",
              "ddim",
              "pndm",
              "lcm",
              "dpmpp_2m",
              "dpmpp_2m_karras",
              "dpm++_2m",
              "dpm++_2m_karras",
              "euler_ancestral",
              "euler_ancestral_karras",
              "plms"
            },
            description =
                "The sampler; names are case-insensitive and a diffusers class name works too."
                    + " Left out: the model's own.")
        String scheduler,
    @Schema(
            nullable = true,
            description =
                "Image to image: start from one of your own stored pictures, by its job and"
                    + " index; another owner's, a missing or a purged picture is a 404.")
        @Nullable InitPicture init,
    @Schema(
            exclusiveMinimum = true,
            minimum = "0",
            maximum = "1",
            defaultValue = "0.75",
            nullable = true,
            description = "How much of the picture is repainted; only with init.")
        @Nullable Double strength,
    @Schema(
            format = "uri",
            maxLength = JobWebhooks.URL_MAX_CHARS,
            nullable = true,
            description =
                "An https URL that gets a signed POST with the job's JSON view on the events in"
                    + " webhookEvents; addresses on loopback, private, link-local or shared"
                    + " networks are refused unless the operator allows them.")
        String webhook,
    @ArraySchema(
            uniqueItems = true,
            maxItems = 3,
            schema = @Schema(allowableValues = {"start", "output", "completed"}),
            arraySchema = @Schema(description = "Which events to send; left out: completed."))
        @Nullable List<String> webhookEvents) {

  /** A stored picture: the job that painted it and its index in that job. */
  @Schema(name = "InitPicture", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record InitPicture(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String jobId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0") int index) {}
}
