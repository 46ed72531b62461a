package io.goldpan.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The two synthesized variants the tests share, each synthesized once per JVM (synthesis costs
 * seconds): an existing database without GPU runners, and Aurora with GPU runners.
 */
final class Synth {
  static final Path DUMMY_CODE = Path.of("src/test/resources/dummy-lambda");
  static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:goldpan-db-AbCdEf";

  static final String VAPID_SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:goldpan-vapid-AbCdEf";

  private static final Supplier<Synthesized> EXISTING_DB =
      memoize(
          () ->
              synth(
                  new GoldpanSettings(
                      DUMMY_CODE,
                      Optional.of(SECRET_ARN),
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
                      Optional.of(VAPID_SECRET_ARN))));
  private static final Supplier<Synthesized> AURORA_WITH_GPUS =
      memoize(
          () ->
              synth(
                  new GoldpanSettings(
                      DUMMY_CODE,
                      Optional.empty(),
                      2,
                      false,
                      true,
                      "g5.xlarge",
                      3,
                      GoldpanSettings.DEEP_LEARNING_AMI_PARAMETER,
                      Optional.of("https://example.com/goldpan.git"),
                      "main",
                      "demo",
                      Optional.empty(),
                      15,
                      false,
                      Optional.empty())));

  private Synth() {}

  static Synthesized existingDb() {
    return EXISTING_DB.get();
  }

  static Synthesized auroraWithGpus() {
    return AURORA_WITH_GPUS.get();
  }

  static List<Synthesized> both() {
    return List.of(existingDb(), auroraWithGpus());
  }

  /** A synthesized stack as the assertions library sees it and as plain JSON. */
  record Synthesized(Template template, Map<String, Object> json) {

    /** Whether this stack's functions can reach the internet, so it has an outbox function. */
    boolean outbound() {
      return ofType("AWS::EC2::VPC").isEmpty();
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
      return (Map<String, Map<String, Object>>) json.get("Resources");
    }

    /** Logical id to properties of every resource of {@code type}. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> ofType(String type) {
      Map<String, Map<String, Object>> found = new LinkedHashMap<>();
      resources()
          .forEach(
              (id, resource) -> {
                if (type.equals(resource.get("Type"))) {
                  found.put(
                      id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
                }
              });
      return found;
    }

    /**
     * The one resource of {@code type} whose logical id is {@code path} plus CDK's 8-digit hash.
     */
    String logicalId(String type, String path) {
      List<String> ids =
          ofType(type).keySet().stream().filter(id -> id.matches(path + "[0-9A-F]{8}")).toList();
      if (ids.size() != 1) {
        throw new AssertionError(
            "expected one " + type + " named " + path + "<hash>, found " + ids);
      }
      return ids.get(0);
    }

    /** Properties of the Lambda function with {@code handler}. */
    Map<String, Object> function(String handler) {
      return ofType("AWS::Lambda::Function").values().stream()
          .filter(p -> handler.equals(p.get("Handler")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no function with handler " + handler));
    }
  }

  private static Synthesized synth(GoldpanSettings settings) {
    App app = new App();
    GoldpanStack stack = new GoldpanStack(app, "Goldpan", StackProps.builder().build(), settings);
    Template template = Template.fromStack(stack);
    return new Synthesized(template, template.toJSON());
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
