package io.goldpan.functions.jobs;

import static io.goldpan.contract.JobLimits.COUNT_DEFAULT;
import static io.goldpan.contract.JobLimits.COUNT_MAX;
import static io.goldpan.contract.JobLimits.COUNT_MIN;
import static io.goldpan.contract.JobLimits.GUIDANCE_DEFAULT;
import static io.goldpan.contract.JobLimits.GUIDANCE_MAX;
import static io.goldpan.contract.JobLimits.GUIDANCE_MIN;
import static io.goldpan.contract.JobLimits.SEED_MAX;
import static io.goldpan.contract.JobLimits.SIZE_DEFAULT;
import static io.goldpan.contract.JobLimits.SIZE_MAX;
import static io.goldpan.contract.JobLimits.SIZE_MIN;
import static io.goldpan.contract.JobLimits.SIZE_STEP;
import static io.goldpan.contract.JobLimits.STEPS_DEFAULT;
import static io.goldpan.contract.JobLimits.STEPS_MAX;
import static io.goldpan.contract.JobLimits.STEPS_MIN;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.Sampler;
import io.goldpan.functions.ApiError.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads a submission body field by field, so that every problem names its field: a wrong JSON type
 * is reported like an out-of-range value instead of as a generic binding error.
 */
public final class JobRequestParser {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Set<String> FIELDS =
      Set.of(
          "prompt",
          "negativePrompt",
          "count",
          "seed",
          "width",
          "height",
          "steps",
          "guidance",
          "model",
          "scheduler",
          "init",
          "strength",
          "decoder",
          JobWebhooks.URL_FIELD,
          JobWebhooks.EVENTS_FIELD);

  /** Strength of an image-to-image job that names none. */
  public static final double STRENGTH_DEFAULT = 0.75;

  private final List<String> models;
  private final Supplier<List<String>> reported;
  private final LongSupplier seeds;

  /**
   * @param models the configured models, the first being the default
   * @param reported models runners reported recently; asked only for a model not configured
   * @param seeds draws the seed of a submission that names none
   */
  public JobRequestParser(
      List<String> models, Supplier<List<String>> reported, LongSupplier seeds) {
    this.models = List.copyOf(models);
    this.reported = reported;
    this.seeds = seeds;
  }

  /**
   * Parses and validates a form's fields, typed as text: a field left blank is a field not given, a
   * number is read as one, and anything else is reported by the same rules as a JSON submission.
   *
   * @throws InvalidRequestException naming every field at fault
   */
  public JobRequest parseForm(Map<String, String> form) {
    ObjectNode body = JSON.createObjectNode();
    form.forEach(
        (name, value) -> {
          if (value.isBlank()) {
            return;
          }
          if (NUMBERS.contains(name)) {
            putNumber(body, name, value.strip());
          } else {
            body.put(name, value);
          }
        });
    return parse(body);
  }

  /** The form fields read as numbers. */
  private static final Set<String> NUMBERS =
      Set.of("count", "seed", "width", "height", "steps", "guidance", "strength");

  /** A number as a JSON number; anything else as text, so the field is named as the wrong type. */
  private static void putNumber(ObjectNode body, String name, String value) {
    try {
      body.put(name, Long.parseLong(value));
      return;
    } catch (NumberFormatException e) {
      // not an integer; maybe a decimal
    }
    try {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        body.put(name, d);
        return;
      }
    } catch (NumberFormatException e) {
      // reported by the parser as the wrong type
    }
    body.put(name, value);
  }

  /**
   * The reason a prompt is unacceptable, as the API would name it, or {@code null}: for prompts
   * made after parsing (a style applied, a variant expanded).
   */
  public static String promptProblem(String prompt) {
    String problem = JobLimits.textProblem(prompt, true);
    return problem != null ? problem : SqsText.problem(prompt);
  }

  /**
   * Parses and validates a submission.
   *
   * @throws InvalidRequestException naming every field at fault, or none if the body is not a JSON
   *     object at all
   */
  public JobRequest parse(String body) {
    return parse(readObject(body));
  }

  private JobRequest parse(JsonNode root) {
    Fields fields = new Fields(root);

    String prompt = fields.text("prompt", true);
    String negativePrompt = fields.text("negativePrompt", false);
    int count =
        (int)
            fields.integer(
                "count",
                COUNT_MIN,
                COUNT_MAX,
                COUNT_DEFAULT,
                "must be an integer from " + COUNT_MIN + " to " + COUNT_MAX);
    Long seed = fields.optionalSeed();
    int width = fields.size("width");
    int height = fields.size("height");
    int steps =
        (int)
            fields.integer(
                "steps",
                STEPS_MIN,
                STEPS_MAX,
                STEPS_DEFAULT,
                "must be an integer from " + STEPS_MIN + " to " + STEPS_MAX);
    double guidance = fields.guidance();
    String model = fields.model(models, reported);
    String scheduler = fields.scheduler();
    ImageRef init = fields.init();
    Double strength = fields.strength(init != null || fields.value("init") != null);
    String decoder = fields.decoder();
    WebhookRequest webhook = JobWebhooks.read(root, fields.problems);
    fields.rejectUnknown();

    if (!fields.problems.isEmpty()) {
      List<String> names = fields.problems.stream().map(FieldError::field).toList();
      throw new InvalidRequestException(
          "invalid field" + (names.size() == 1 ? "" : "s") + ": " + String.join(", ", names),
          fields.problems);
    }
    return new JobRequest(
        new JobParameters(
            prompt,
            negativePrompt,
            count,
            seed != null ? seed : seeds.getAsLong(),
            width,
            height,
            steps,
            guidance,
            model,
            scheduler,
            init,
            init == null ? null : strength,
            decoder),
        webhook);
  }

  private static JsonNode readObject(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException("body is not valid JSON: the body is empty", List.of());
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "body is not valid JSON: " + e.getOriginalMessage(), List.of());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("body must be a JSON object", List.of());
    }
    return root;
  }

  /** The body's fields and the problems found so far. */
  private static final class Fields {
    private final JsonNode root;
    private final List<FieldError> problems = new ArrayList<>();

    Fields(JsonNode root) {
      this.root = root;
    }

    /** The field's value, or {@code null} when it is absent or JSON {@code null}. */
    private JsonNode value(String field) {
      JsonNode node = root.get(field);
      return node == null || node.isNull() ? null : node;
    }

    private void problem(String field, String message) {
      problems.add(new FieldError(field, message));
    }

    String text(String field, boolean required) {
      JsonNode node = value(field);
      if (node != null && !node.isTextual()) {
        problem(field, "must be a string");
        return null;
      }
      String text = node == null ? null : node.textValue();
      String problem = JobLimits.textProblem(text, required);
      if (problem == null) {
        problem = SqsText.problem(text);
      }
      if (problem != null) {
        problem(field, problem);
        return null;
      }
      return text == null || text.isBlank() ? null : text;
    }

    long integer(String field, long min, long max, long fallback, String rule) {
      JsonNode node = value(field);
      if (node == null) {
        return fallback;
      }
      if (!node.isIntegralNumber()
          || !node.canConvertToLong()
          || node.longValue() < min
          || node.longValue() > max) {
        problem(field, rule);
        return fallback;
      }
      return node.longValue();
    }

    Long optionalSeed() {
      if (value("seed") == null) {
        return null;
      }
      return integer("seed", 0, SEED_MAX, 0, "must be an integer from 0 to " + SEED_MAX);
    }

    int size(String field) {
      JsonNode node = value(field);
      if (node == null) {
        return SIZE_DEFAULT;
      }
      if (!node.isIntegralNumber()
          || !node.canConvertToInt()
          || JobLimits.sizeProblem(node.intValue()) != null) {
        problem(
            field,
            "must be an integer multiple of "
                + SIZE_STEP
                + " from "
                + SIZE_MIN
                + " to "
                + SIZE_MAX);
        return SIZE_DEFAULT;
      }
      return node.intValue();
    }

    double guidance() {
      JsonNode node = value("guidance");
      if (node == null) {
        return GUIDANCE_DEFAULT;
      }
      double guidance = node.isNumber() ? node.doubleValue() : Double.NaN;
      if (!(guidance >= GUIDANCE_MIN && guidance <= GUIDANCE_MAX)) {
        problem("guidance", "must be a number from " + GUIDANCE_MIN + " to " + GUIDANCE_MAX);
        return GUIDANCE_DEFAULT;
      }
      return guidance;
    }

    String model(List<String> models, Supplier<List<String>> reported) {
      JsonNode node = value("model");
      if (node == null) {
        return models.get(0);
      }
      if (node.isTextual() && models.contains(node.textValue())) {
        return node.textValue();
      }
      Set<String> all = new LinkedHashSet<>(models);
      all.addAll(reported.get());
      String available = "available: " + String.join(", ", all);
      if (!node.isTextual()) {
        problem("model", "must be a string; " + available);
        return null;
      }
      String model = node.textValue();
      if (!all.contains(model)) {
        boolean printable =
            model.length() <= JobLimits.MODEL_MAX_CHARS
                && JobLimits.textProblem(model, true) == null;
        problem(
            "model", "unknown model" + (printable ? " \"" + model + "\"" : "") + "; " + available);
        return null;
      }
      return model;
    }

    /** {@code fast}, or null for the default {@code full} (absent, blank or {@code full}). */
    String decoder() {
      JsonNode node = value("decoder");
      if (node == null || node.isNull()) {
        return null;
      }
      String given = node.isTextual() ? node.textValue().strip().toLowerCase(Locale.ROOT) : null;
      if (given == null
          || !(given.isEmpty()
              || given.equals(JobParameters.FULL_DECODER)
              || given.equals(JobParameters.FAST_DECODER))) {
        problem("decoder", "must be full or fast");
        return null;
      }
      return given.equals(JobParameters.FAST_DECODER) ? JobParameters.FAST_DECODER : null;
    }

    String scheduler() {
      JsonNode node = value("scheduler");
      if (node == null) {
        return null;
      }
      if (!node.isTextual()) {
        problem("scheduler", "must be a string, " + Sampler.accepted());
        return null;
      }
      Optional<Sampler> sampler = Sampler.byName(node.textValue());
      if (sampler.isEmpty()) {
        problem("scheduler", Sampler.problem(node.textValue()));
        return null;
      }
      return sampler.get().jobName();
    }

    /** {@code init: {"jobId": "<uuid>", "index": n}}, or null when absent. */
    ImageRef init() {
      JsonNode node = value("init");
      if (node == null) {
        return null;
      }
      JsonNode jobId = node.get("jobId");
      JsonNode index = node.get("index");
      ImageRef init =
          node.isObject()
                  && node.size() == 2
                  && jobId != null
                  && jobId.isTextual()
                  && index != null
                  && index.isIntegralNumber()
                  && index.canConvertToInt()
              ? new ImageRef(jobId.textValue(), index.intValue())
              : new ImageRef(null, -1);
      if (init.problem() != null) {
        problem("init", init.problem());
        return null;
      }
      return init;
    }

    /** The strength, {@link #STRENGTH_DEFAULT} when absent; only with {@code init}. */
    Double strength(boolean withInit) {
      JsonNode node = value("strength");
      if (node == null) {
        return withInit ? STRENGTH_DEFAULT : null;
      }
      if (!withInit) {
        problem("strength", "is only for a job that starts from a picture: give init too");
        return null;
      }
      double strength = node.isNumber() ? node.doubleValue() : Double.NaN;
      if (JobLimits.strengthProblem(strength) != null) {
        problem("strength", "must be a number greater than 0 and at most 1");
        return null;
      }
      return strength;
    }

    void rejectUnknown() {
      for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          problem(name, "unknown field");
        }
      }
    }
  }
}
