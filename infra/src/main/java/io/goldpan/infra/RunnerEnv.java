package io.goldpan.infra;

import java.util.ArrayList;
import java.util.List;

/** Renders the runner's env file ({@code gpu-runner/goldpan-runner --env-file FILE}). */
final class RunnerEnv {
  static final String KEY_ID_PLACEHOLDER = "REPLACE_WITH_ACCESS_KEY_ID";
  static final String SECRET_PLACEHOLDER = "REPLACE_WITH_SECRET_ACCESS_KEY";

  /** The runner's own default; the jobs queue's visibility is the fallback above it. */
  static final int VISIBILITY_SECONDS = 60;

  private RunnerEnv() {}

  /**
   * @param withKeyPlaceholders a home runner signs with an access key; an EC2 runner uses its role
   */
  static String render(
      String region,
      String jobsUrl,
      String eventsUrl,
      String bucket,
      String models,
      String executionProvider,
      boolean withKeyPlaceholders) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "# Goldpan runner configuration: gpu-runner/goldpan-runner --env-file runner.env",
                "GOLDPAN_AWS_REGION=" + region,
                "GOLDPAN_JOBS_QUEUE=" + jobsUrl,
                "GOLDPAN_EVENTS_QUEUE=" + eventsUrl,
                "GOLDPAN_BUCKET=" + bucket,
                "GOLDPAN_VISIBILITY_TIMEOUT=" + VISIBILITY_SECONDS,
                "GOLDPAN_EXECUTION_PROVIDER=" + executionProvider,
                "GOLDPAN_MODELS=" + models));
    if (withKeyPlaceholders) {
      lines.add("# From: aws iam create-access-key --user-name <RunnerUserName output>");
      lines.add("AWS_ACCESS_KEY_ID=" + KEY_ID_PLACEHOLDER);
      lines.add("AWS_SECRET_ACCESS_KEY=" + SECRET_PLACEHOLDER);
    }
    return String.join("\n", lines) + "\n";
  }
}
