package io.goldpan.local;

import io.goldpan.functions.Application;
import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.EmbeddedAws;
import io.goldpan.local.aws.GoldpanResources;
import io.goldpan.local.aws.LocalStackException;
import io.goldpan.runner.Runner;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.scoring.ScorerSetting;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole of Goldpan in one JVM, for a laptop or a home PC: SQS and S3 emulators, an H2 file
 * database, the functions server and (unless told not to) a demo-model runner. The same AWS SDK
 * code paths as production; only endpoints differ.
 */
public final class GoldpanLocal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GoldpanLocal.class);
  private static final String OWNER = "me";

  /**
   * Milliseconds H2 may wait before writing a commit to its file; 0, the default, makes every
   * acknowledged write survive a crash. Only the benchmark sets it, to measure what that costs.
   */
  static final String H2_WRITE_DELAY = "GOLDPAN_LOCAL_H2_WRITE_DELAY_MS";

  /** Set by the launcher when this JVM writes its class-data archive as it exits. */
  private static final String WRITES_CLASS_ARCHIVE = "goldpan.local.writes-class-archive";

  private final LocalOptions options;
  private final EmbeddedAws aws;
  private final GoldpanResources resources;
  private final ApplicationContext functions;
  private final String apiKey;
  private final Path runnerEnv;
  private final List<Runner> runners = new ArrayList<>();

  private GoldpanLocal(
      LocalOptions options,
      EmbeddedAws aws,
      GoldpanResources resources,
      ApplicationContext functions,
      String apiKey,
      Path runnerEnv) {
    this.options = options;
    this.aws = aws;
    this.resources = resources;
    this.functions = functions;
    this.apiKey = apiKey;
    this.runnerEnv = runnerEnv;
  }

  /**
   * Starts the stack.
   *
   * @param environment where {@code GOLDPAN_API_KEY} is looked up (normally {@code
   *     System.getenv()})
   * @param functionsOverrides extra functions properties (tests shorten intervals with them)
   */
  public static GoldpanLocal start(
      LocalOptions options,
      Map<String, String> environment,
      Map<String, Object> functionsOverrides) {
    Path dir = options.dataDir();
    try {
      Files.createDirectories(dir);
      // The database and the images are the owner's: no other user of the machine reads them.
      OwnerOnlyFiles.restrict(dir.resolve("db"));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // no POSIX modes here (Windows): the folder keeps what the system gives it
    } catch (IOException e) {
      throw new LocalStackException("cannot create the data directory " + dir, e);
    }
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir);
    GoldpanResources resources = GoldpanResources.defaults();
    EmbeddedAws aws =
        EmbeddedAws.start(
            options.host(),
            options.sqsPort(),
            options.s3Port(),
            dir.resolve("s3"),
            secrets.credentials());
    ApplicationContext functions = null;
    try {
      try (SqsClient sqs = AwsClients.sqs(aws.sqsEndpoint(), aws.credentials());
          S3Client s3 = AwsClients.s3(aws.s3Endpoint(), aws.credentials())) {
        resources.ensure(sqs, s3);
      }
      String envKey = environment.get("GOLDPAN_API_KEY");
      String apiKey = envKey != null && !envKey.isBlank() ? envKey.strip() : secrets.apiKey();
      functions =
          startFunctions(
              options, environment, aws, resources, apiKey, secrets.vapid(), functionsOverrides);
      restrictDatabaseFiles(dir);
      if (apiKey == null) {
        apiKey = LocalFunctions.createApiKey(functions, OWNER);
        secrets.withApiKey(apiKey).save(dir);
      }
      LocalFunctions.requeueUnfinishedJobs(functions);
      Path runnerEnv = writeRunnerEnv(dir, aws, resources);
      GoldpanLocal local = new GoldpanLocal(options, aws, resources, functions, apiKey, runnerEnv);
      if (options.runner()) {
        Map<String, String> runner = new LinkedHashMap<>();
        runner.put("GOLDPAN_RUNNER_ID", "local-runner");
        // a scorer for the built-in runner's pictures (docs/scores.md)
        String scorer = environment.get(ScorerSetting.SCORER);
        if (scorer != null && !scorer.isBlank()) {
          runner.put(ScorerSetting.SCORER, scorer);
        }
        local.startRunner(runner);
      }
      return local;
    } catch (RuntimeException e) {
      if (functions != null) {
        functions.close();
      }
      aws.close();
      throw e;
    }
  }

  private static ApplicationContext startFunctions(
      LocalOptions options,
      Map<String, String> environment,
      EmbeddedAws aws,
      GoldpanResources resources,
      String apiKey,
      LocalSecrets.VapidPair vapid,
      Map<String, Object> overrides) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("micronaut.server.host", options.host());
    props.put("micronaut.server.port", options.port());
    props.putAll(database(options, environment));
    props.put("goldpan.aws.region", EmbeddedAws.REGION);
    props.put("goldpan.aws.sqs-endpoint", aws.sqsEndpoint().toString());
    props.put("goldpan.aws.s3-endpoint", aws.s3Endpoint().toString());
    props.put("goldpan.aws.access-key-id", aws.credentials().accessKeyId());
    props.put("goldpan.aws.secret-access-key", aws.credentials().secretAccessKey());
    props.put("goldpan.queues.jobs", resources.jobsQueue());
    props.put("goldpan.queues.events", resources.eventsQueue());
    props.put(
        "goldpan.jobs-dead-letter.queue", GoldpanResources.deadLetterQueue(resources.jobsQueue()));
    props.put("goldpan.jobs-dead-letter.max-receive-count", resources.maxReceiveCount());
    props.put("goldpan.bucket", resources.bucket());
    if (apiKey != null) {
      props.put("goldpan.auth.bootstrap-key", apiKey);
      props.put("goldpan.auth.bootstrap-owner", OWNER);
    }
    // Push subscriptions are bound to this key pair: it lives in secrets.properties, owner-only.
    props.put("goldpan.push.vapid-public-key", vapid.publicKey());
    props.put("goldpan.push.vapid-private-key", vapid.privateKey());
    props.putAll(overrides);
    // A plain context plus the server, not Micronaut.run: that registers its own shutdown hook,
    // which would race (and deadlock) with ours, and ours must stop the runner first.
    ApplicationContext context =
        ApplicationContext.builder().mainClass(Application.class).properties(props).start();
    try {
      context.getBean(EmbeddedServer.class).start();
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
    return context;
  }

  /** The files H2 created on opening get its folder's owner-only mode too. */
  private static void restrictDatabaseFiles(Path dir) {
    try {
      OwnerOnlyFiles.restrict(dir.resolve("db"));
    } catch (IOException e) {
      throw new LocalStackException("cannot make the database files owner-only in " + dir, e);
    }
  }

  /**
   * The H2 file database in the data directory, or the PostgreSQL database named by {@code
   * GOLDPAN_DATABASE_URL} (with {@code GOLDPAN_DATABASE_USER} and {@code _PASSWORD}).
   */
  static Map<String, Object> database(LocalOptions options, Map<String, String> env) {
    String url = env.get("GOLDPAN_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new LocalStackException(
            "GOLDPAN_DATABASE_URL must be a jdbc:postgresql: URL, got " + url.split("\\?")[0]);
      }
      return Map.of(
          "datasources.default.url",
          url,
          "datasources.default.username",
          env.getOrDefault("GOLDPAN_DATABASE_USER", ""),
          "datasources.default.password",
          env.getOrDefault("GOLDPAN_DATABASE_PASSWORD", ""),
          "datasources.default.driver-class-name",
          "org.postgresql.Driver",
          "datasources.default.dialect",
          "POSTGRES");
    }
    return Map.of(
        "datasources.default.url",
        "jdbc:h2:file:"
            + options.dataDir().resolve("db").resolve("goldpan")
            // WRITE_DELAY=0: a commit is in the file before the API answers, so a write it
            // acknowledged survives the process being killed (H2 defaults to 500 ms later).
            + ";AUTO_SERVER=FALSE;WRITE_DELAY="
            + env.getOrDefault(H2_WRITE_DELAY, "0"),
        "datasources.default.username",
        "sa",
        "datasources.default.password",
        "",
        "datasources.default.driver-class-name",
        "org.h2.Driver",
        "datasources.default.dialect",
        "H2");
  }

  /** The variables a runner needs to join this stack; also what {@code runner.env} holds. */
  public Map<String, String> runnerVariables() {
    return runnerVariables(aws, resources);
  }

  private static Map<String, String> runnerVariables(EmbeddedAws aws, GoldpanResources resources) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("GOLDPAN_SQS_ENDPOINT", aws.sqsEndpoint().toString());
    vars.put("GOLDPAN_S3_ENDPOINT", aws.s3Endpoint().toString());
    vars.put("GOLDPAN_AWS_REGION", EmbeddedAws.REGION);
    vars.put("AWS_ACCESS_KEY_ID", aws.credentials().accessKeyId());
    vars.put("AWS_SECRET_ACCESS_KEY", aws.credentials().secretAccessKey());
    vars.put("GOLDPAN_JOBS_QUEUE", resources.jobsQueue());
    vars.put("GOLDPAN_EVENTS_QUEUE", resources.eventsQueue());
    vars.put("GOLDPAN_BUCKET", resources.bucket());
    return vars;
  }

  private static Path writeRunnerEnv(Path dir, EmbeddedAws aws, GoldpanResources resources) {
    Path file = dir.resolve("runner.env");
    try (Writer out = OwnerOnlyFiles.newWriter(file)) {
      out.write("# Written by goldpan-local. Join this stack as a separate runner process with:\n");
      out.write("#   gpu-runner/goldpan-runner --env-file " + file + "\n");
      for (Map.Entry<String, String> e : runnerVariables(aws, resources).entrySet()) {
        out.write(e.getKey() + "=" + e.getValue() + "\n");
      }
    } catch (IOException e) {
      throw new LocalStackException("cannot write " + file, e);
    }
    return file;
  }

  /** Starts one more in-process runner with the stack's variables plus {@code overrides}. */
  public synchronized Runner startRunner(Map<String, String> overrides) {
    Map<String, String> vars = new LinkedHashMap<>(runnerVariables());
    // The queue lives in this JVM, so a short long poll costs nothing; and a stop waits for the
    // poll that is open, so a short one lets goldpan-local stop within seconds, not 20.
    vars.put(RunnerConfig.POLL_WAIT, "2");
    vars.putAll(overrides);
    Runner runner =
        Runner.builder(RunnerConfig.from(vars))
            .scorer(ScorerSetting.from(vars).orElse(null))
            .build();
    runner.start();
    runners.add(runner);
    return runner;
  }

  public URI apiUrl() {
    return URI.create("http://" + options.host() + ":" + options.port());
  }

  public String apiKey() {
    return apiKey;
  }

  public Path runnerEnv() {
    return runnerEnv;
  }

  public EmbeddedAws aws() {
    return aws;
  }

  public ApplicationContext functions() {
    return functions;
  }

  @Override
  public synchronized void close() {
    for (Runner runner : runners) {
      runner.close();
    }
    runners.clear();
    if (functions.isRunning()) {
      functions.close();
    }
    aws.close();
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("keys")) {
      System.exit(
          LocalKeys.run(
              List.of(args).subList(1, args.length), System.getenv(), System.out, System.err));
      return;
    }
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(LocalOptions.USAGE);
      return;
    }
    GoldpanLocal local;
    try {
      local = start(LocalOptions.parse(List.of(args)), System.getenv(), Map.of());
    } catch (LocalStackException e) {
      System.err.println("goldpan-local: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      LOG.debug("goldpan-local could not start", e);
      System.err.println("goldpan-local: could not start: " + rootMessage(e));
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping Goldpan");
                  local.close();
                  if (Boolean.getBoolean(WRITES_CLASS_ARCHIVE)) {
                    LOG.info(
                        "Stopped. Writing the class-data archive that halves the next start"
                            + " (once after each build; takes a few seconds)");
                  }
                  stopped.countDown();
                },
                "goldpan-local-shutdown"));
    System.out.println(local.banner());
    stopped.await();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  String banner() {
    String url = apiUrl().toString();
    return """

    Goldpan is running (embedded: SQS and S3 emulators, H2, %s).
      API              %s
      Gallery          %s/ (sign in with the API key)
      API key          %s
      Data             %s
      Extra runner     gpu-runner/goldpan-runner --env-file %s

    Try it:
      curl -s -H "Authorization: Bearer %s" -H "Content-Type: application/json" \\
           -d '{"prompt":"cctv footage of a gnome in a corner shop","count":4}' %s/api/jobs
      curl -s -H "Authorization: Bearer %s" %s/api/jobs/<id>

    Ctrl-C stops it; data stays in the data directory.
    """
        .formatted(
            options.runner() ? "a demo-model runner" : "no runner",
            url,
            url,
            apiKey,
            options.dataDir(),
            runnerEnv,
            apiKey,
            url,
            apiKey,
            url);
  }
}
