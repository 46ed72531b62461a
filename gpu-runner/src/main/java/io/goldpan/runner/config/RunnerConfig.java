package io.goldpan.runner.config;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the runner needs to know, read from environment-style variables by {@link #from(Map)}.
 *
 * @param region AWS region of the queues and bucket
 * @param sqsEndpoint SQS endpoint override (an emulator, LocalStack), or {@code null} for AWS
 * @param s3Endpoint S3 endpoint override, or {@code null} for AWS
 * @param credentials explicit credentials, or {@code null} for the SDK's default chain
 * @param jobsQueue the jobs queue: a queue URL, or a name resolved with GetQueueUrl
 * @param eventsQueue the events queue: a queue URL, or a name resolved with GetQueueUrl
 * @param bucket the bucket images are written to
 * @param runnerId how this runner names itself in events
 * @param executionProvider which ONNX Runtime execution provider to use
 * @param visibilityTimeout how long each receive or heartbeat hides the message from other runners
 * @param heartbeatInterval how often a running job's visibility is extended
 * @param runnerHeartbeat how often a runner-alive event is sent
 * @param models the models this runner paints with, in order
 * @param pollWait the long-poll wait of one receive (0 to 20 s)
 * @param shutdownGrace how long a stop waits for the image being painted before releasing the job
 * @param backoffMin first pause after a failed call to SQS or S3 (a receive, or a job's upload or
 *     terminal event); it doubles per failure in a row
 * @param backoffMax longest such pause
 * @param progressInterval how often a running job re-reports its progress even when no image has
 *     finished, so the functions see a long job is alive (their sweeper fails silent ones)
 * @param infraRetryBudget how long a job keeps retrying an upload, a cancel-marker check or its
 *     terminal event while S3 or SQS fail, holding its message meanwhile, before it gives up (then
 *     the job fails naming the outage, or its message is released when the events queue is the one
 *     down)
 * @param demoStepDelay how long the demo model takes per step of a job's {@code steps}, reporting
 *     each; zero (the default) paints each image at once in one step. For tests and demos that
 *     watch a job's images arrive one by one
 * @param previewInterval shortest time between two previews of a running job (a small JPEG of the
 *     image as it forms, made by models with a TAESD decoder); zero for none
 */
public record RunnerConfig(
    String region,
    URI sqsEndpoint,
    URI s3Endpoint,
    StaticCredentials credentials,
    String jobsQueue,
    String eventsQueue,
    String bucket,
    String runnerId,
    ExecutionProviderChoice executionProvider,
    Duration visibilityTimeout,
    Duration heartbeatInterval,
    Duration runnerHeartbeat,
    List<ModelSource> models,
    Duration pollWait,
    Duration shutdownGrace,
    Duration backoffMin,
    Duration backoffMax,
    Duration progressInterval,
    Duration infraRetryBudget,
    Duration demoStepDelay,
    Duration previewInterval) {

  public static final String AWS_REGION = "GOLDPAN_AWS_REGION";
  public static final String AWS_ENDPOINT = "GOLDPAN_AWS_ENDPOINT";
  public static final String SQS_ENDPOINT = "GOLDPAN_SQS_ENDPOINT";
  public static final String S3_ENDPOINT = "GOLDPAN_S3_ENDPOINT";
  public static final String JOBS_QUEUE = "GOLDPAN_JOBS_QUEUE";
  public static final String EVENTS_QUEUE = "GOLDPAN_EVENTS_QUEUE";
  public static final String BUCKET = "GOLDPAN_BUCKET";
  public static final String RUNNER_ID = "GOLDPAN_RUNNER_ID";
  public static final String EXECUTION_PROVIDER = "GOLDPAN_EXECUTION_PROVIDER";
  public static final String VISIBILITY_TIMEOUT = "GOLDPAN_VISIBILITY_TIMEOUT";
  public static final String HEARTBEAT_INTERVAL = "GOLDPAN_HEARTBEAT_INTERVAL";
  public static final String RUNNER_HEARTBEAT = "GOLDPAN_RUNNER_HEARTBEAT";
  public static final String MODELS = "GOLDPAN_MODELS";
  public static final String MODELS_DIR = "GOLDPAN_MODELS_DIR";
  public static final String POLL_WAIT = "GOLDPAN_POLL_WAIT";
  public static final String SHUTDOWN_GRACE = "GOLDPAN_SHUTDOWN_GRACE";
  public static final String PROGRESS_INTERVAL = "GOLDPAN_PROGRESS_INTERVAL";
  public static final String INFRA_RETRY_BUDGET = "GOLDPAN_INFRA_RETRY_BUDGET";
  public static final String GPU_MEMORY_LIMIT = "GOLDPAN_GPU_MEMORY_LIMIT";
  public static final String GPU_IDLE_RELEASE = "GOLDPAN_GPU_IDLE_RELEASE";
  public static final String DEMO_STEP_DELAY = "GOLDPAN_DEMO_STEP_DELAY";
  public static final String MAX_BATCH = "GOLDPAN_MAX_BATCH";
  public static final String GRAPH_CACHE = "GOLDPAN_GRAPH_CACHE";
  public static final String PREVIEW_INTERVAL = "GOLDPAN_PREVIEW_INTERVAL";

  /** Time between two previews of a job when {@code GOLDPAN_PREVIEW_INTERVAL} does not say. */
  public static final Duration DEFAULT_PREVIEW_INTERVAL = Duration.ofSeconds(1);

  /** Longest preview interval: a preview a minute is already hardly a preview. */
  private static final Duration PREVIEW_INTERVAL_MAX = Duration.ofSeconds(60);

  /** Most images one UNet batch may hold: a job has at most this many anyway. */
  private static final int MAX_BATCH_LIMIT = 16;

  /** Longest demo step delay: a slowed demo job must still end well within SQS's 12 hours. */
  private static final Duration DEMO_STEP_DELAY_MAX = Duration.ofSeconds(10);

  private static final Pattern MEMORY =
      Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([KMGT]i?B?|B)?");

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Longest visibility timeout SQS accepts: 12 hours. */
  private static final int VISIBILITY_MAX_SECONDS = 43_200;

  public RunnerConfig {
    models = List.copyOf(models);
  }

  /**
   * Reads the configuration from environment-style variables; unset or blank variables take their
   * defaults.
   *
   * @throws ConfigException naming the variable when a value is unusable
   */
  public static RunnerConfig from(Map<String, String> vars) {
    Vars v = new Vars(vars);
    String region = v.get(AWS_REGION, v.get("AWS_REGION", "us-east-1"));
    URI endpoint = v.uri(AWS_ENDPOINT, null);
    URI sqsEndpoint = v.uri(SQS_ENDPOINT, endpoint);
    URI s3Endpoint = v.uri(S3_ENDPOINT, endpoint);

    String keyId = v.get("AWS_ACCESS_KEY_ID", null);
    String secret = v.get("AWS_SECRET_ACCESS_KEY", null);
    if ((keyId == null) != (secret == null)) {
      throw new ConfigException(
          (keyId == null
                  ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                  : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
              + "; set both, or neither to use the AWS SDK's default credentials chain");
    }
    StaticCredentials credentials =
        keyId == null
            ? null
            : new StaticCredentials(keyId, secret, v.get("AWS_SESSION_TOKEN", null));

    String choice = v.get(EXECUTION_PROVIDER, "auto");
    ExecutionProviderChoice provider;
    try {
      provider = ExecutionProviderChoice.valueOf(choice.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          EXECUTION_PROVIDER + " must be auto, cuda or cpu, not '" + choice + "'");
    }

    Duration visibility = v.seconds(VISIBILITY_TIMEOUT, Duration.ofSeconds(60), true);
    if (visibility.toSeconds() < 1 || visibility.toSeconds() > VISIBILITY_MAX_SECONDS) {
      throw new ConfigException(
          VISIBILITY_TIMEOUT
              + " must be from 1 to "
              + VISIBILITY_MAX_SECONDS
              + " seconds, not "
              + visibility.toSeconds());
    }
    Duration heartbeat = v.seconds(HEARTBEAT_INTERVAL, visibility.dividedBy(3), false);
    if (heartbeat.compareTo(visibility) >= 0) {
      throw new ConfigException(
          HEARTBEAT_INTERVAL
              + " ("
              + v.get(HEARTBEAT_INTERVAL, "")
              + " s) must be shorter than "
              + VISIBILITY_TIMEOUT
              + " ("
              + visibility.toSeconds()
              + " s), or other runners take the job while it is being painted");
    }
    Duration pollWait = v.seconds(POLL_WAIT, Duration.ofSeconds(20), true);
    if (pollWait.toSeconds() > 20) {
      throw new ConfigException(
          POLL_WAIT + " must be from 0 to 20 seconds (the SQS long-poll limit)");
    }

    Duration infraRetryBudget = v.seconds(INFRA_RETRY_BUDGET, Duration.ofMinutes(10), false);
    if (infraRetryBudget.toSeconds() > VISIBILITY_MAX_SECONDS) {
      throw new ConfigException(
          INFRA_RETRY_BUDGET
              + " must be at most "
              + VISIBILITY_MAX_SECONDS
              + " seconds (12 h, the longest SQS keeps a job hidden), not "
              + v.get(INFRA_RETRY_BUDGET, ""));
    }

    String demoDelay = v.get(DEMO_STEP_DELAY, null);
    Duration demoStepDelay =
        demoDelay == null || demoDelay.strip().equals("0")
            ? Duration.ZERO
            : v.seconds(DEMO_STEP_DELAY, Duration.ZERO, false);
    if (demoStepDelay.compareTo(DEMO_STEP_DELAY_MAX) > 0) {
      throw new ConfigException(
          DEMO_STEP_DELAY
              + " must be at most "
              + DEMO_STEP_DELAY_MAX.toSeconds()
              + " seconds per step, not "
              + demoDelay);
    }

    String previews = v.get(PREVIEW_INTERVAL, null);
    Duration previewInterval =
        previews == null
            ? DEFAULT_PREVIEW_INTERVAL
            : previews.strip().equals("0")
                ? Duration.ZERO
                : v.seconds(PREVIEW_INTERVAL, DEFAULT_PREVIEW_INTERVAL, false);
    if (previewInterval.compareTo(PREVIEW_INTERVAL_MAX) > 0) {
      throw new ConfigException(
          PREVIEW_INTERVAL
              + " must be at most "
              + PREVIEW_INTERVAL_MAX.toSeconds()
              + " seconds (0 for no previews), not "
              + previews);
    }

    List<ModelSource> models =
        models(
            v.get(MODELS, null),
            v.get(MODELS_DIR, null),
            DataFolders.defaultModels(vars, System.getProperty("os.name")));

    return new RunnerConfig(
        region,
        sqsEndpoint,
        s3Endpoint,
        credentials,
        v.get(JOBS_QUEUE, "goldpan-jobs"),
        v.get(EVENTS_QUEUE, "goldpan-events"),
        v.get(BUCKET, "goldpan"),
        v.get(RUNNER_ID, null) != null ? v.get(RUNNER_ID, null) : defaultRunnerId(),
        provider,
        visibility,
        heartbeat,
        v.seconds(RUNNER_HEARTBEAT, Duration.ofSeconds(30), false),
        models,
        pollWait,
        v.seconds(SHUTDOWN_GRACE, Duration.ofSeconds(10), false),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        v.seconds(PROGRESS_INTERVAL, Duration.ofMinutes(5), false),
        infraRetryBudget,
        demoStepDelay,
        previewInterval);
  }

  /**
   * How the runner shares its GPU.
   *
   * @param memoryLimit most bytes of GPU memory ONNX Runtime's arena may take (CUDA {@code
   *     gpu_mem_limit}); 0 for no limit
   * @param idleRelease how long without jobs before the runner gives its GPU memory back; zero
   *     never
   * @param maxBatch most images of a job a Stable Diffusion model paints in one UNet batch ({@code
   *     GOLDPAN_MAX_BATCH}); 0 for the execution provider's default (4 on CUDA, 1 on the CPU)
   * @param graphCache where a Stable Diffusion model's optimised ONNX graphs are saved for later
   *     starts ({@link DataFolders#graphCache}); null for nowhere
   */
  public record Gpu(long memoryLimit, Duration idleRelease, int maxBatch, Path graphCache) {
    public Gpu(long memoryLimit, Duration idleRelease) {
      this(memoryLimit, idleRelease, 0, null);
    }
  }

  /**
   * Reads {@code GOLDPAN_GPU_MEMORY_LIMIT} (e.g. {@code 6GB}, {@code 512MB}; K, M, G and T count in
   * powers of 1024, as nvidia-smi's MiB do; empty for no limit) and {@code
   * GOLDPAN_GPU_IDLE_RELEASE} (seconds, default 300; 0 keeps the memory) and {@code
   * GOLDPAN_MAX_BATCH} (1 to 16; empty for the execution provider's default) and {@code
   * GOLDPAN_GRAPH_CACHE} ({@link DataFolders#graphCache}).
   *
   * @throws ConfigException naming the variable when a value is unusable
   */
  public static Gpu gpu(Map<String, String> vars) {
    Vars v = new Vars(vars);
    String limit = v.get(GPU_MEMORY_LIMIT, null);
    long bytes = 0;
    if (limit != null) {
      java.util.regex.Matcher m = MEMORY.matcher(limit);
      if (!m.matches()) {
        throw new ConfigException(
            GPU_MEMORY_LIMIT + " must be a size such as 6GB or 512MB, not '" + limit + "'");
      }
      String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
      int power = "BKMGT".indexOf(unit.charAt(0));
      bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
      if (bytes < 64L << 20) {
        throw new ConfigException(
            GPU_MEMORY_LIMIT
                + " is "
                + limit
                + "; below 64 MB no model fits, write e.g. 6GB (or leave it empty for no limit)");
      }
    }
    Duration idle = v.seconds(GPU_IDLE_RELEASE, Duration.ofMinutes(5), true);
    String batch = v.get(MAX_BATCH, null);
    int maxBatch = 0;
    if (batch != null) {
      try {
        maxBatch = Integer.parseInt(batch.strip());
      } catch (NumberFormatException e) {
        maxBatch = -1;
      }
      if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
        throw new ConfigException(
            MAX_BATCH
                + " must be a whole number from 1 to "
                + MAX_BATCH_LIMIT
                + " (images per UNet batch), not '"
                + batch
                + "'; leave it empty for 1 on the CPU and 4 on CUDA");
      }
    }
    return new Gpu(bytes, idle, maxBatch, DataFolders.graphCache(vars));
  }

  /** The names of {@link #models()}, in order. */
  public List<String> modelNames() {
    return models.stream().map(ModelSource::name).toList();
  }

  /**
   * Reads {@code GOLDPAN_MODELS} ({@code name} for a built-in model, {@code name=directory} for a
   * Stable Diffusion directory, comma-separated) and {@code GOLDPAN_MODELS_DIR} (every subdirectory
   * holding a {@code model_index.json} becomes a model named after it). With neither, the runner
   * serves {@code demo} and every model pulled into the default models folder ({@code
   * defaultFolder}, {@link DataFolders#defaultModels}), if it has any.
   */
  private static List<ModelSource> models(String list, String parent, Path defaultFolder) {
    Map<String, ModelSource> byName = new LinkedHashMap<>();
    if (list == null && parent == null) {
      byName.put("demo", ModelSource.builtIn("demo"));
      for (Path dir : modelDirectories(defaultFolder)) {
        String name = dir.getFileName().toString();
        if (MODEL_NAME.matcher(name).matches()) {
          byName.putIfAbsent(name, new ModelSource(name, dir, MODELS_DIR));
        }
      }
      return List.copyOf(byName.values());
    }
    if (list != null) {
      for (String entry : list.split(",")) {
        entry = entry.strip();
        if (entry.isEmpty()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String name = (eq < 0 ? entry : entry.substring(0, eq)).strip();
        checkName(MODELS, name, entry);
        if (eq < 0) {
          byName.putIfAbsent(name, ModelSource.builtIn(name));
          continue;
        }
        String dir = entry.substring(eq + 1).strip();
        if (dir.isEmpty()) {
          throw new ConfigException(
              MODELS
                  + " entry '"
                  + entry
                  + "' has no directory after '='; write name=/path/to/model");
        }
        ModelSource source = new ModelSource(name, Path.of(dir), MODELS);
        ModelSource previous = byName.putIfAbsent(name, source);
        if (previous != null && !previous.equals(source)) {
          throw new ConfigException(
              MODELS + " names model '" + name + "' twice with different directories");
        }
      }
    }
    if (parent != null) {
      Path root = Path.of(parent);
      if (!Files.isDirectory(root)) {
        throw new ConfigException(MODELS_DIR + " is " + root + ", which is not a directory");
      }
      List<Path> found = modelDirectories(root);
      if (found.isEmpty()) {
        throw new ConfigException(
            MODELS_DIR
                + " directory "
                + root
                + " has no model: no subdirectory holds a model_index.json (export one with"
                + " optimum-cli, see docs/models.md)");
      }
      for (Path dir : found) {
        String name = dir.getFileName().toString();
        checkName(MODELS_DIR, name, dir.toString());
        // An explicit GOLDPAN_MODELS entry wins over a directory of the same name.
        byName.putIfAbsent(name, new ModelSource(name, dir, MODELS_DIR));
      }
    }
    if (byName.isEmpty()) {
      throw new ConfigException(MODELS + " must name at least one model, e.g. demo");
    }
    return List.copyOf(byName.values());
  }

  /** The subdirectories of {@code root} holding a {@code model_index.json}, sorted. */
  private static List<Path> modelDirectories(Path root) {
    if (root == null || !Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(child -> !child.getFileName().toString().startsWith("."))
          .filter(child -> Files.isRegularFile(child.resolve("model_index.json")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigException(
          MODELS_DIR + " directory " + root + " cannot be listed: " + e.getMessage(), e);
    }
  }

  private static void checkName(String variable, String name, String entry) {
    if (!MODEL_NAME.matcher(name).matches()) {
      throw new ConfigException(
          variable
              + ": model name '"
              + name
              + "' (from '"
              + entry
              + "') must be 1-64 characters of a-z A-Z 0-9 . _ -");
    }
  }

  private static String defaultRunnerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = System.getenv().getOrDefault("HOSTNAME", "runner");
    }
    String pid = ManagementFactory.getRuntimeMXBean().getName().replaceAll("@.*", "");
    return host + "-" + pid;
  }

  /** Typed reads of the variables; every error names the variable. */
  private record Vars(Map<String, String> vars) {
    String get(String name, String fallback) {
      String value = vars.get(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    URI uri(String name, URI fallback) {
      String value = get(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        URI uri = new URI(value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new URISyntaxException(value, "expected http(s)://host[:port]");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new ConfigException(
            name + " must be an http(s) URL such as http://localhost:4566, not '" + value + "'");
      }
    }

    Duration seconds(String name, Duration fallback, boolean whole) {
      String value = get(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        BigDecimal seconds = new BigDecimal(value);
        if (seconds.signum() < 0 || (whole && seconds.stripTrailingZeros().scale() > 0)) {
          throw new NumberFormatException();
        }
        Duration duration = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        if (!whole && duration.isZero()) {
          throw new NumberFormatException();
        }
        return duration;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new ConfigException(
            name
                + " must be "
                + (whole ? "a whole number of seconds" : "a positive number of seconds")
                + ", not '"
                + value
                + "'");
      }
    }
  }
}
