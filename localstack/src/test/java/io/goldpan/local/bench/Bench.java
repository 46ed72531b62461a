package io.goldpan.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.local.aws.FreePorts;
import io.goldpan.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Goldpan's plumbing benchmark: submit API latency at fixed rates, per-job overhead around the
 * model, scale-out with runner processes, cold start and footprint. Prints Markdown tables; every
 * server runs in its own process and the load comes from this one, over loopback.
 *
 * <p>Usage: {@code localstack/bench/run [--quick] [--only
 * cold-start|submit|overhead|scale-out|gpu-busy]} (see docs/benchmarks.md).
 */
public final class Bench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "gp_benchbenchbe_" + "b".repeat(43);
  private static final String JOB =
      "{\"prompt\":\"a lighthouse in a storm, %d\",\"count\":1," + "\"width\":256,\"height\":256}";

  private final Procs procs;
  private final Path work;
  private final boolean quick;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final StringBuilder report = new StringBuilder();

  private Bench(Path root, boolean quick) throws IOException {
    this.procs = new Procs(root);
    this.work = Files.createTempDirectory("goldpan-bench");
    this.quick = quick;
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    boolean quick = options.contains("--quick");
    int only = options.indexOf("--only");
    String measure = only >= 0 && only + 1 < options.size() ? options.get(only + 1) : "all";
    Bench bench = new Bench(Path.of("").toAbsolutePath(), quick);
    bench.machine();
    if (measure.equals("all") || measure.equals("cold-start")) {
      bench.coldStart();
    }
    if (measure.equals("all") || measure.equals("submit")) {
      bench.submitLoad();
    }
    if (measure.equals("all") || measure.equals("overhead")) {
      bench.overhead();
    }
    if (measure.equals("all") || measure.equals("scale-out")) {
      bench.scaleOut();
    }
    if (measure.equals("all") || measure.equals("gpu-busy")) {
      bench.gpuBusy();
    }
    System.out.println(bench.report);
  }

  private void machine() throws IOException {
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    section("Machine");
    line(
        "%s, %d cores, %s, Java %s, %s%s",
        LocalDate.now(),
        Runtime.getRuntime().availableProcessors(),
        mem,
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        quick ? " (quick run)" : "");
  }

  // --- 4. cold start and 5. functions footprint
  // ---------------------------------------------------

  private void coldStart() throws Exception {
    section("Cold start (Java " + Runtime.version().feature() + ")");
    line("| measure | run 1 | run 2 | run 3 |");
    line("| --- | --- | --- | --- |");
    List<String> ready = new ArrayList<>();
    List<String> rss = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      ready.add(startFunctions(List.of(), "plain-" + run, rss));
    }
    line("| functions: process start → first 200 on /health | %s |", String.join(" | ", ready));
    line("| functions: RSS idle after start | %s |", String.join(" | ", rss));

    // A class-data archive made by one training start: the JDK maps the classes it loaded
    // (and on 25+ their linked state and profiles) instead of reading and verifying them again.
    boolean aot = Runtime.version().feature() >= 25;
    Path archive = work.resolve(aot ? "functions.aot" : "functions.jsa");
    startFunctions(
        List.of(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive),
        "training",
        new ArrayList<>());
    // On 25+ a child JVM writes the cache after the training run exits, then removes its config.
    Path config = Path.of(archive + ".config");
    Await.until(
        "the class-data archive",
        Duration.ofSeconds(120),
        () -> Files.exists(archive) && !Files.exists(config));
    List<String> archived = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      archived.add(
          startFunctions(
              List.of(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive),
              "archived-" + run,
              new ArrayList<>()));
    }
    line(
        "| functions, with a class-data archive (%s): process start → first 200 on /health | %s |",
        aot ? "-XX:AOTCache" : "-XX:SharedArchiveFile", String.join(" | ", archived));
    List<String> lambda = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      Path log = work.resolve("lambda-" + run + ".log");
      Process p =
          procs.java(
              procs.stackClasspath() + ":" + testClasses(),
              LambdaColdStart.class.getName(),
              List.of(),
              Map.of(),
              log);
      p.waitFor();
      String out =
          Files.readAllLines(log).stream()
              .filter(l -> l.startsWith("jvm-to-handler"))
              .findFirst()
              .orElse("failed: see " + log);
      lambda.add(
          out.replace("jvm-to-handler=", "jvm ")
                  .replace(" init=", " ms, init ")
                  .replace(" first-invocation=", " ms, first call ")
              + " ms");
    }
    line("| Lambda HTTP handler (in a fresh JVM, no AWS) | %s |", String.join(" | ", lambda));
  }

  // --- 1. submit API
  // -------------------------------------------------------------------------------

  private void submitLoad() throws Exception {
    submitLoad("H2", Map.of());
    // The same load with H2's own 500 ms write delay, which loses acknowledged writes on a crash:
    // what durability costs.
    submitLoad(
        "H2 with WRITE_DELAY=500, not crash-safe",
        Map.of("GOLDPAN_LOCAL_H2_WRITE_DELAY_MS", "500"));
    String pg = System.getenv("GOLDPAN_BENCH_POSTGRES_URL");
    if (pg == null || pg.isBlank()) {
      section("Submit API with PostgreSQL");
      line("Skipped: set GOLDPAN_BENCH_POSTGRES_URL (and _USER, _PASSWORD) to a scratch database.");
      return;
    }
    submitLoad(
        "PostgreSQL",
        Map.of(
            "GOLDPAN_DATABASE_URL",
            pg,
            "GOLDPAN_DATABASE_USER",
            System.getenv().getOrDefault("GOLDPAN_BENCH_POSTGRES_USER", ""),
            "GOLDPAN_DATABASE_PASSWORD",
            System.getenv().getOrDefault("GOLDPAN_BENCH_POSTGRES_PASSWORD", "")));
  }

  private void submitLoad(String database, Map<String, String> env) throws Exception {
    section("Submit API: POST /api/jobs at fixed rates (" + database + ", no runner)");
    Stack stack = Stack.start(this, false, env);
    try {
      // Warm-up, not reported: a long-running server has compiled its hot paths. The rate ramps
      // up, so a cold server is not flooded with requests it cannot yet serve.
      int warmup = Integer.getInteger("bench.submitWarmup", 10);
      for (int rate : new int[] {25, 50, 100, 200}) {
        load(stack.api, rate, Duration.ofSeconds(warmup));
      }
      line(
          "| rate (req/s) | sent | errors | achieved (req/s) | p50 | p99 | max "
              + "| stack CPU per request | load generator CPU per request | both, of 2 cores |");
      line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (int rate : quick ? new int[] {50, 200} : new int[] {50, 100, 200, 400}) {
        long self = ProcessHandle.current().pid();
        double stackCpu = Procs.cpuMs(stack.process.pid());
        double loadCpu = Procs.cpuMs(self);
        long t0 = System.nanoTime();
        Load r = load(stack.api, rate, Duration.ofSeconds(quick ? 5 : 10));
        double wallMs = (System.nanoTime() - t0) / 1e6;
        stackCpu = Procs.cpuMs(stack.process.pid()) - stackCpu;
        loadCpu = Procs.cpuMs(self) - loadCpu;
        line(
            "| %d | %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.0f %% |",
            rate,
            r.sent,
            r.errors,
            r.achieved,
            r.p50,
            r.p99,
            r.max,
            stackCpu / r.sent,
            loadCpu / r.sent,
            100 * (stackCpu + loadCpu) / wallMs / Runtime.getRuntime().availableProcessors());
      }
    } finally {
      stack.stop();
    }
  }

  private record Load(int sent, int errors, double achieved, double p50, double p99, double max) {}

  /** Open loop: requests leave on schedule whatever the server does; latency counts from then. */
  private Load load(URI api, int rate, Duration duration) {
    int n = (int) (rate * duration.toSeconds());
    long period = 1_000_000_000L / rate;
    List<CompletableFuture<double[]>> results = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long intended = start + i * period;
      LockSupport.parkNanos(intended - System.nanoTime());
      HttpRequest request = submitRequest(api, i);
      results.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (r, e) ->
                      new double[] {
                        (System.nanoTime() - intended) / 1e6,
                        e == null && r.statusCode() == 202 ? 0 : 1
                      }));
    }
    double[] latencies =
        results.stream().map(CompletableFuture::join).mapToDouble(r -> r[0]).sorted().toArray();
    int errors = (int) results.stream().map(CompletableFuture::join).filter(r -> r[1] > 0).count();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Load(
        n,
        errors,
        n / seconds,
        pct(latencies, 50),
        pct(latencies, 99),
        latencies[latencies.length - 1]);
  }

  /** Starts a bare functions server with {@code jvmOptions}; returns the time to its first 200. */
  private String startFunctions(List<String> jvmOptions, String name, List<String> rss)
      throws IOException {
    int port = FreePorts.pick("127.0.0.1");
    Path log = work.resolve("functions-" + name + ".log");
    Map<String, String> env =
        Map.of(
            "MICRONAUT_SERVER_PORT", Integer.toString(port),
            "MICRONAUT_SERVER_HOST", "127.0.0.1",
            "GOLDPAN_EVENTS_POLLER_ENABLED", "false",
            "GOLDPAN_JOBS_DEAD_LETTER_POLLER_ENABLED", "false",
            "GOLDPAN_SWEEPER_ENABLED", "false",
            "AWS_EC2_METADATA_DISABLED", "true");
    long start = System.nanoTime();
    Process p =
        procs.java(
            jvmOptions,
            procs.functionsClasspath(),
            "io.goldpan.functions.Application",
            List.of(),
            env,
            log);
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    Await.until(
        "functions /health",
        Duration.ofSeconds(60),
        () -> {
          if (!p.isAlive()) {
            throw new IllegalStateException("the functions server exited; see " + log);
          }
          return status(health) == 200;
        });
    String ready = String.format(Locale.ROOT, "%.0f ms", (System.nanoTime() - start) / 1e6);
    Procs.pause(1000);
    rss.add(String.format(Locale.ROOT, "%.0f MiB", Procs.rssMiB(p.pid())));
    Procs.stop(p);
    return ready;
  }

  // --- 2. overhead per job
  // -------------------------------------------------------------------------

  private void overhead() throws Exception {
    section(
        "Overhead per job: submit → SUCCEEDED seen by the client, demo model 256×256, one "
            + "in-process runner");
    Stack stack = Stack.start(this, true);
    try {
      for (int i = 0; i < Integer.getInteger("bench.warmup", 10); i++) {
        batch(stack.api, 10); // warm-up: a long-running stack has compiled its hot paths
      }
      line(
          "| concurrent jobs | observed p50 | inference p50 | observed − inference p50 | p99 | "
              + "queue wait p50 | upload p50 | event → visible p50 |");
      line("| --- | --- | --- | --- | --- | --- | --- | --- |");
      for (int c : quick ? new int[] {1, 10} : new int[] {1, 10, 100}) {
        List<double[]> rows = new ArrayList<>();
        int rounds = c == 1 ? 20 : 1;
        for (int round = 0; round < rounds; round++) {
          rows.addAll(batch(stack.api, c));
        }
        line(
            "| %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |",
            c,
            pct(col(rows, 0), 50),
            pct(col(rows, 1), 50),
            pct(col(rows, 2), 50),
            pct(col(rows, 2), 99),
            pct(col(rows, 3), 50),
            pct(col(rows, 4), 50),
            pct(col(rows, 5), 50));
      }
      line("");
      line("Client polls every 5 ms; queue wait includes time spent behind earlier jobs.");
    } finally {
      stack.stop();
    }
  }

  /**
   * Submits {@code n} jobs at once; per job: observed, inference, overhead, queue, upload, event.
   */
  private List<double[]> batch(URI api, int n) throws Exception {
    Map<String, Long> submitted = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpRequest request = submitRequest(api, i);
      sends.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenAccept(r -> submitted.put(json(r.body()).path("id").asText(), t0)));
    }
    sends.forEach(CompletableFuture::join);
    Map<String, double[]> done = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (done.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("jobs did not finish within 5 minutes");
      }
      JsonNode page = get(api.resolve("/api/jobs?limit=" + Math.max(n, 1)));
      long seen = System.nanoTime();
      for (JsonNode job : page.path("jobs")) {
        String id = job.path("id").asText();
        if (!submitted.containsKey(id) || done.containsKey(id)) {
          continue;
        }
        if ("SUCCEEDED".equals(job.path("status").asText())) {
          JsonNode t = job.path("timings");
          double observed = (seen - submitted.get(id)) / 1e6;
          double inference = t.path("inferenceMs").asDouble();
          double queue = t.path("queueMs").asDouble();
          double runnerTotal = t.path("totalMs").asDouble();
          done.put(
              id,
              new double[] {
                observed,
                inference,
                observed - inference,
                queue,
                t.path("uploadMs").asDouble(),
                observed - queue - runnerTotal
              });
        } else if (job.path("status").asText().matches("FAILED|CANCELLED|EXPIRED")) {
          throw new IllegalStateException("job " + id + " ended " + job.path("status"));
        }
      }
      Procs.pause(5);
    }
    return new ArrayList<>(done.values());
  }

  // --- 3. scale-out and runner footprint
  // ------------------------------------------------------------

  private void scaleOut() throws Exception {
    String idleRss = "";
    String busyRss = "";
    // flat: no inference at all; gpu: 250 ms per image of wall time without CPU, as on a GPU;
    // demo: the demo model on this CPU (about 50 ms per image)
    for (String model : List.of("flat", "gpu", "demo")) {
      boolean flat = !model.equals("demo");
      section(
          "Scale-out: jobs drained per second by runner processes ("
              + switch (model) {
                case "flat" -> "flat model: no inference, 256×256";
                case "gpu" -> "GPU stand-in: 250 ms per image waited, no CPU, 256×256";
                default -> "demo model 256×256 on the CPU, count 1";
              }
              + ")");
      line(
          "| runners | jobs | seconds | jobs/s | vs 1 runner | CPU per job: stack | runners |"
              + " harness | machine busy |");
      line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      double base = 0;
      for (int k : new int[] {1, 2, 4}) {
        Stack stack = Stack.start(this, false);
        List<Process> runners = new ArrayList<>();
        try {
          for (int i = 0; i < k; i++) {
            Path log = work.resolve("runner-" + model + "-" + k + "-" + i + ".log");
            String env = stack.dataDir.resolve("runner.env").toString();
            runners.add(
                flat
                    ? procs.java(
                        procs.runnerClasspath() + ":" + testClasses(),
                        FlatRunner.class.getName(),
                        List.of(env, "bench-" + i, model.equals("gpu") ? "250" : "0"),
                        Map.of(),
                        log)
                    : procs.java(
                        procs.runnerClasspath(),
                        "io.goldpan.runner.Main",
                        List.of("--env-file", env, "--GOLDPAN_RUNNER_ID", "bench-" + i),
                        Map.of(),
                        log));
            Await.until(
                "runner " + i, Duration.ofSeconds(60), () -> Procs.logContains(log, "polling"));
          }
          if (k == 1 && !flat) {
            Procs.pause(2000);
            idleRss = String.format(Locale.ROOT, "%.0f MiB", Procs.rssMiB(runners.get(0).pid()));
          }
          int warmup = quick ? 20 : model.equals("gpu") ? 30 : 60;
          drain(stack.api, warmup, 0); // fresh JVMs compile their hot paths first
          int jobs =
              switch (model) {
                case "flat" -> quick ? 100 : 300;
                case "gpu" -> quick ? 40 : 120;
                default -> quick ? 30 : 80;
              };
          double[] peak = {0};
          Thread sampler =
              new Thread(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      peak[0] = Math.max(peak[0], Procs.rssMiB(runners.get(0).pid()));
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
          sampler.start();
          long self = ProcessHandle.current().pid();
          double stackCpu = Procs.cpuMs(stack.process.pid());
          double runnersCpu = runners.stream().mapToDouble(r -> Procs.cpuMs(r.pid())).sum();
          double harnessCpu = Procs.cpuMs(self);
          long start = System.nanoTime();
          drain(stack.api, jobs, warmup);
          double seconds = (System.nanoTime() - start) / 1e9;
          stackCpu = Procs.cpuMs(stack.process.pid()) - stackCpu;
          runnersCpu = runners.stream().mapToDouble(r -> Procs.cpuMs(r.pid())).sum() - runnersCpu;
          harnessCpu = Procs.cpuMs(self) - harnessCpu;
          sampler.interrupt();
          sampler.join();
          double rate = jobs / seconds;
          if (k == 1) {
            base = rate;
            if (!flat) {
              busyRss = String.format(Locale.ROOT, "%.0f MiB", peak[0]);
            }
          }
          line(
              "| %d | %d | %.1f | %.2f | %.2f× | %.0f ms | %.0f ms | %.0f ms | %.0f %% |",
              k,
              jobs,
              seconds,
              rate,
              rate / base,
              stackCpu / jobs,
              runnersCpu / jobs,
              harnessCpu / jobs,
              100
                  * (stackCpu + runnersCpu + harnessCpu)
                  / (seconds * 1000)
                  / Runtime.getRuntime().availableProcessors());
        } finally {
          runners.forEach(Procs::stop);
          stack.stop();
        }
      }
    }
    section("Runner footprint (one runner process, demo model loaded)");
    line("| idle RSS | peak RSS while painting |");
    line("| --- | --- |");
    line("| %s | %s |", idleRss, busyRss);
  }

  // --- 3b. GPU busy: one runner, the GPU stand-in, the queue never empty
  // ------------------------------------------------------------

  /**
   * How much of the wall time one runner's GPU stand-in spends painting while the queue is never
   * empty, with the runner's lookahead and without it, measured alternately on one stack. From the
   * runner's own log of each painting's start and end: busy is the paintings' time over the span
   * from the first timed painting's start to the last one's end.
   */
  private void gpuBusy() throws Exception {
    section(
        "GPU busy: one runner, GPU stand-in (250 ms per image waited, no CPU, 256×256), all jobs"
            + " submitted at once");
    line(
        "| runner | round | jobs | GPU busy | per job: wall | painting | GPU idle between"
            + " paintings | jobs/s |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- |");
    int rounds = quick ? 1 : 3;
    int warmup = quick ? 15 : 30;
    int jobs = quick ? 40 : 100;
    Stack stack = Stack.start(this, false);
    int done = 0;
    try {
      for (int round = 1; round <= rounds; round++) {
        for (boolean lookahead : new boolean[] {true, false}) {
          String name = (lookahead ? "lookahead" : "sequential") + "-" + round;
          Path paints = work.resolve("paints-" + name + ".txt");
          Path log = work.resolve("runner-busy-" + name + ".log");
          Process runner =
              procs.java(
                  procs.runnerClasspath() + ":" + testClasses(),
                  FlatRunner.class.getName(),
                  List.of(stack.dataDir.resolve("runner.env").toString(), "bench-busy", "250"),
                  Map.of(
                      "GOLDPAN_BENCH_PAINT_LOG",
                      paints.toString(),
                      "GOLDPAN_BENCH_LOOKAHEAD",
                      lookahead ? "1" : "0"),
                  log);
          try {
            Await.until(
                "runner " + name, Duration.ofSeconds(60), () -> Procs.logContains(log, "polling"));
            drain(stack.api, warmup, done);
            done += warmup;
            drain(stack.api, jobs, done);
            done += jobs;
            int expected = warmup + jobs;
            Await.until(
                "the runner's log of " + expected + " paintings",
                Duration.ofSeconds(10),
                () -> Files.exists(paints) && Files.readAllLines(paints).size() >= expected);
            List<String> lines = Files.readAllLines(paints);
            List<String> timed = lines.subList(lines.size() - jobs, lines.size());
            long first = Long.MAX_VALUE;
            long lastStart = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            long busy = 0;
            for (String span : timed) {
              String[] parts = span.trim().split(" ");
              long start = Long.parseLong(parts[0]);
              long end = Long.parseLong(parts[1]);
              first = Math.min(first, start);
              lastStart = Math.max(lastStart, start);
              last = Math.max(last, end);
              busy += end - start;
            }
            double wallMs = (last - first) / 1e6;
            double perJob = (lastStart - first) / 1e6 / (jobs - 1);
            double painting = busy / 1e6 / jobs;
            line(
                "| %s | %d | %d | %.1f %% | %.1f ms | %.1f ms | %.1f ms | %.2f |",
                lookahead ? "lookahead (default)" : "no lookahead",
                round,
                jobs,
                100.0 * busy / (last - first),
                perJob,
                painting,
                (wallMs - busy / 1e6) / (jobs - 1),
                jobs / (wallMs / 1000));
          } finally {
            Procs.stop(runner);
          }
        }
      }
    } finally {
      stack.stop();
    }
  }

  /**
   * Submits {@code jobs} jobs at once and waits until they and the {@code earlier} ones all
   * succeeded. Looks every 100 ms, newest first, stopping at the first unfinished job, so that
   * watching costs the stack little.
   */
  private void drain(URI api, int jobs, int earlier) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> sends = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sends.add(http.sendAsync(submitRequest(api, i), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> send : sends) {
      if (send.join().statusCode() != 202) {
        throw new IllegalStateException("submit answered " + send.join().statusCode());
      }
    }
    int total = jobs + earlier;
    Await.until(
        total + " jobs SUCCEEDED",
        Duration.ofMinutes(10),
        () -> {
          // the newest job usually finishes last: look at it alone until it has
          JsonNode newest = get(api.resolve("/api/jobs?limit=1")).path("jobs").path(0);
          if (!"SUCCEEDED".equals(newest.path("status").asText())
              && !newest.path("status").asText().matches("FAILED|CANCELLED|EXPIRED")) {
            Procs.pause(100);
            return false;
          }
          int succeeded = 0;
          String cursor = null;
          do {
            JsonNode page =
                get(
                    api.resolve(
                        "/api/jobs?limit=100"
                            + (cursor == null
                                ? ""
                                : "&cursor="
                                    + java.net.URLEncoder.encode(
                                        cursor, java.nio.charset.StandardCharsets.UTF_8))));
            for (JsonNode job : page.path("jobs")) {
              String status = job.path("status").asText();
              if (status.matches("FAILED|CANCELLED|EXPIRED")) {
                throw new IllegalStateException(
                    "job " + job.path("id").asText() + " ended " + status);
              }
              if (!"SUCCEEDED".equals(status)) {
                Procs.pause(100);
                return false;
              }
              succeeded++;
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
          } while (cursor != null);
          return succeeded >= total;
        });
  }

  /**
   * The benchmark is one owner sending thousands of jobs: the owner's quotas would refuse most of
   * them, which is not what it measures.
   */
  private static Map<String, String> withoutQuotas(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("GOLDPAN_QUOTAS_MAX_UNFINISHED", "1000000");
    all.put("GOLDPAN_QUOTAS_IMAGES_PER_DAY", "1000000000");
    return all;
  }

  // --- the stack in its own process
  // -----------------------------------------------------------------

  private record Stack(Process process, URI api, Path dataDir) {
    static Stack start(Bench bench, boolean runner) throws IOException {
      return start(bench, runner, Map.of());
    }

    static Stack start(Bench bench, boolean runner, Map<String, String> env) throws IOException {
      Path dir = Files.createTempDirectory(bench.work, "stack");
      int port = FreePorts.pick("127.0.0.1");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--port",
                  Integer.toString(port),
                  "--sqs-port",
                  Integer.toString(FreePorts.pick("127.0.0.1")),
                  "--s3-port",
                  Integer.toString(FreePorts.pick("127.0.0.1")),
                  "--data-dir",
                  dir.toString()));
      if (!runner) {
        args.add("--no-runner");
      }
      Path log = dir.resolve("stack.log");
      Process p =
          bench.procs.java(
              bench.procs.stackClasspath(),
              "io.goldpan.local.GoldpanLocal",
              args,
              withoutQuotas(with(env, "GOLDPAN_API_KEY", KEY)),
              log);
      Await.until(
          "the stack",
          Duration.ofSeconds(120),
          () -> {
            if (!p.isAlive()) {
              throw new IllegalStateException("the stack exited; see " + log);
            }
            return Procs.logContains(log, "Goldpan is running");
          });
      return new Stack(p, URI.create("http://127.0.0.1:" + port), dir);
    }

    void stop() {
      Procs.stop(process);
    }
  }

  // --- helpers
  // -------------------------------------------------------------------------------------

  private int status(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code POST /api/jobs} for the bench's one-image job number {@code i}. */
  private static HttpRequest submitRequest(URI api, int i) {
    return HttpRequest.newBuilder(api.resolve("/api/jobs"))
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JOB.formatted(i)))
        .build();
  }

  private JsonNode get(URI uri) {
    try {
      return json(
          http.send(
                  HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  private static String testClasses() {
    return Path.of("localstack/target/test-classes").toAbsolutePath().toString();
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(key, value);
    return all;
  }

  private static double[] col(List<double[]> rows, int i) {
    return rows.stream().mapToDouble(r -> r[i]).sorted().toArray();
  }

  private static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private void section(String title) {
    report.append("\n### ").append(title).append("\n\n");
    System.err.println("bench: " + title);
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
