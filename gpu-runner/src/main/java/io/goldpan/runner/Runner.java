package io.goldpan.runner;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.internal.NamedThreads;
import io.goldpan.runner.internal.SdkClients;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ExecutionProviders;
import io.goldpan.runner.models.IdleModel;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelCatalog;
import io.goldpan.runner.queue.EventSink;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.scoring.ImageScorer;
import io.goldpan.runner.scoring.ScorerException;
import io.goldpan.runner.scoring.ScorerSetting;
import io.goldpan.runner.storage.ImageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker: long-polls the jobs queue on its own thread, paints each job, uploads the images and
 * reports events, until {@link #stop()}. Also sends a runner-alive event on a schedule.
 *
 * <p>In-process use: {@code Runner runner = Runner.create(RunnerConfig.from(vars)); runner.start();
 * ... runner.close();}, or {@link #builder} to replace the queues, the bucket, the models or the
 * clock.
 */
public final class Runner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  /**
   * A stop's margin: how long it waits for the poll thread after giving up on the job in hand, and
   * beyond the poll wait for a long poll still open.
   */
  private static final Duration FINAL_WAIT = Duration.ofSeconds(2);

  private final RunnerConfig config;
  private final EventSink events;
  private final String executionProvider;

  /** Models that hand their GPU memory back when idle. */
  private final List<IdleModel> releasable;

  private final List<String> modelNames;

  /** Those of {@link #modelNames} that can start from a picture, for the heartbeat. */
  private final List<String> varyingModels;

  /** Those of {@link #modelNames} with a tiny decoder, for the heartbeat. */
  private final List<String> fastModels;

  private final Clock clock;
  private final AutoCloseable owned;
  private final Lifecycle lifecycle = new Lifecycle();

  /** Runs the runner's heartbeat and the job's visibility heartbeat and progress keep-alive. */
  private final ScheduledExecutorService scheduler;

  /** Runs each long poll, so that a stop need not wait for one. */
  private final ExecutorService receiver;

  /**
   * Encodes and uploads an image while the next one is painted, and its thumbnail alongside: two
   * threads for each of the two jobs that may be storing at once (one finishing, one painting);
   * deletes a finished job's message.
   */
  private final ExecutorService uploads;

  /** Runs a painted job's last steps while the next job paints; null without lookahead. */
  private final ExecutorService finisher;

  /** Sends started and progress events without holding up painting. */
  private final BackgroundEvents background;

  /** Decodes, encodes and stores previews of running jobs off the painting thread. */
  private final LivePreviews previews;

  private final Timers timers;
  private final PollLoop loop;
  private volatile Thread pollThread;

  private Runner(
      RunnerConfig config,
      JobSource jobs,
      EventSink events,
      ImageStore store,
      List<Model> models,
      String executionProvider,
      Clock clock,
      boolean lookahead,
      AutoCloseable owned,
      ImageScorer scorer) {
    this.config = config;
    this.events = events;
    this.executionProvider = executionProvider;
    this.clock = clock;
    this.owned = owned;
    Map<String, Model> byName = new LinkedHashMap<>();
    models.forEach(m -> byName.put(m.name(), m));
    this.modelNames = List.copyOf(byName.keySet());
    this.varyingModels = byName.values().stream().filter(Model::canVary).map(Model::name).toList();
    this.fastModels =
        byName.values().stream().filter(Model::hasTinyDecoder).map(Model::name).toList();
    this.releasable =
        byName.values().stream()
            .filter(IdleModel.class::isInstance)
            .map(IdleModel.class::cast)
            .toList();
    this.scheduler = Executors.newScheduledThreadPool(2, NamedThreads.daemon("goldpan-timer"));
    this.receiver = Executors.newSingleThreadExecutor(NamedThreads.daemon("goldpan-receive"));
    this.uploads = Executors.newFixedThreadPool(4, NamedThreads.daemon("goldpan-upload"));
    this.finisher =
        lookahead ? Executors.newSingleThreadExecutor(NamedThreads.daemon("goldpan-finish")) : null;
    this.background = new BackgroundEvents(events);
    this.previews = new LivePreviews(store, config.previewInterval(), clock);
    this.timers = new Timers(scheduler, config, clock);
    OutageRetries retries =
        new OutageRetries(
            config.infraRetryBudget(), config.backoffMin(), config.backoffMax(), lifecycle, clock);
    JobReporter reports = new JobReporter(config.runnerId(), events, background, retries, clock);
    CancelWatch cancel = new CancelWatch(store, retries, clock);
    JobPainter painter =
        new JobPainter(
            timers,
            new ImageUploads(store, uploads, retries, clock),
            cancel,
            reports,
            lifecycle,
            clock,
            new InitPictures(store, retries),
            new ImageScoring(scorer, clock),
            previews);
    JobHandler handler =
        new JobHandler(config, byName, painter, reports, cancel, uploads, lifecycle);
    this.loop = new PollLoop(config, jobs, handler, receiver, finisher, timers, lifecycle, clock);
  }

  /**
   * A runner on real SQS, S3 and ONNX Runtime as {@code config} says: chooses the execution
   * provider, opens the configured models and the AWS clients. The runner owns them and frees them
   * on {@link #close()}. The same as {@code builder(config).build()}.
   *
   * @throws io.goldpan.runner.config.ConfigException when a model cannot be opened
   */
  public static Runner create(RunnerConfig config) {
    return builder(config).build();
  }

  /**
   * Builds a runner on {@code config} with some of its collaborators replaced, for an embedding
   * application, a benchmark or a test.
   */
  public static Builder builder(RunnerConfig config) {
    return new Builder(config);
  }

  /**
   * Puts a runner together: what it is given it uses, what it is not given it opens as its config
   * says (the SQS queues and S3 bucket through one SQS and one S3 client; the configured models on
   * the chosen execution provider). What it is given stays the caller's to close; what it opens,
   * the runner frees on {@link #close()}.
   */
  public static final class Builder {
    private final RunnerConfig config;
    private JobSource jobs;
    private EventSink events;
    private ImageStore store;
    private List<Model> models;
    private String executionProvider;
    private Clock clock = Clock.systemUTC();
    private boolean lookahead = true;
    private final List<AutoCloseable> owning = new ArrayList<>();
    private RunnerConfig.Gpu gpu = new RunnerConfig.Gpu(0, java.time.Duration.ZERO);
    private Path scorer;

    private Builder(RunnerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * How the configured models share a GPU: the CUDA arena's limit, and how long idle before their
     * memory is handed back ({@link RunnerConfig#gpu}).
     */
    public Builder gpu(RunnerConfig.Gpu gpu) {
      this.gpu = Objects.requireNonNull(gpu, "gpu");
      return this;
    }

    /**
     * Scores every image with the scorer in {@code directory} ({@code GOLDPAN_SCORER}, read by
     * {@link ScorerSetting#from}), opened on the models' execution provider; by default, or with
     * {@code null}, images are not scored.
     */
    public Builder scorer(Path directory) {
      this.scorer = directory;
      return this;
    }

    /** The jobs queue to poll instead of SQS's. */
    public Builder jobSource(JobSource jobs) {
      this.jobs = Objects.requireNonNull(jobs, "jobs");
      return this;
    }

    /** Where events go instead of SQS's events queue. */
    public Builder eventSink(EventSink events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** Where images go (and cancel markers are looked for) instead of the S3 bucket. */
    public Builder imageStore(ImageStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The models to paint with instead of the configured ones, found by {@link Model#name()}.
     *
     * @throws IllegalArgumentException when there are none
     */
    public Builder models(List<? extends Model> models) {
      if (models.isEmpty()) {
        throw new IllegalArgumentException("a runner needs at least one model");
      }
      this.models = List.copyOf(models);
      return this;
    }

    /**
     * What runner heartbeats report the models run on, e.g. {@code CPU}; by default the provider
     * chosen for the configured models, or {@code unknown} for given ones.
     */
    public Builder executionProvider(String name) {
      this.executionProvider = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The clock for events, timings and the 12-hour limit; by default the system's, in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether the next job is received while the current one finishes (the default), so that the
     * GPU does not wait for storage and the queues between two jobs; {@code false} runs each job's
     * receipt, painting, storage, events and delete as one sequence, for comparison.
     */
    public Builder lookahead(boolean lookahead) {
      this.lookahead = lookahead;
      return this;
    }

    /**
     * Opens what is missing and builds the runner (not started). If opening something fails, what
     * was opened already is closed before the exception leaves.
     */
    /**
     * Also frees {@code resource} on {@link #close()}, as it frees the models it opened itself; for
     * models a caller opened and hands over with {@link #models}.
     */
    Builder owning(AutoCloseable resource) {
      this.owning.add(resource);
      return this;
    }

    public Runner build() {
      List<AutoCloseable> opened = new ArrayList<>(owning);
      try {
        List<Model> painting = models;
        String provider = executionProvider;
        ExecutionProvider chosen = null;
        if (painting == null) {
          chosen = ExecutionProviders.choose(config.executionProvider());
          painting =
              ModelCatalog.open(
                  config.models(),
                  OrtEnvironment.getEnvironment(),
                  chosen,
                  gpu,
                  config.demoStepDelay(),
                  clock);
          opened.addAll(painting);
          provider = provider != null ? provider : chosen.name();
        }
        ImageScorer scoring = null;
        if (scorer != null) {
          ExecutionProvider on =
              chosen != null ? chosen : ExecutionProviders.choose(config.executionProvider());
          try {
            scoring = ImageScorer.open(scorer, OrtEnvironment.getEnvironment(), on);
          } catch (ScorerException e) {
            throw new ConfigException(ScorerSetting.SCORER + ": " + e.getMessage(), e);
          }
          opened.add(scoring);
          log.info("scoring images with the scorer in {} on {}", scorer, on);
        }
        JobSource source = jobs;
        EventSink sink = events;
        ImageStore images = store;
        if (source == null || sink == null || images == null) {
          SdkClients clients = SdkClients.create(config);
          opened.add(clients);
          source = source != null ? source : JobSource.sqs(clients.sqs(), config.jobsQueue());
          sink = sink != null ? sink : EventSink.sqs(clients.sqs(), config.eventsQueue());
          images = images != null ? images : ImageStore.s3(clients.s3(), config.bucket());
        }
        return new Runner(
            config,
            source,
            sink,
            images,
            painting,
            provider != null ? provider : "unknown",
            clock,
            lookahead,
            () -> closeAll(opened),
            scoring);
      } catch (RuntimeException e) {
        try {
          closeAll(opened);
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  /**
   * Starts polling and heartbeats on background threads and returns ({@code NEW → RUNNING}). Only
   * the first call on a new runner counts; a stopped runner never starts again.
   */
  public synchronized void start() {
    if (!lifecycle.start()) {
      return;
    }
    log.info(
        "runner {} polling {} with model(s) {} on {}",
        config.runnerId(),
        config.jobsQueue(),
        modelNames,
        executionProvider);
    timers.runnerHeartbeat(this::sendHeartbeat);
    if (!releasable.isEmpty()) {
      timers.idleCheck(() -> releasable.forEach(IdleModel::releaseIfIdle));
    }
    pollThread = NamedThreads.nonDaemon("goldpan-poll").newThread(loop);
    pollThread.start();
  }

  /** Whether the runner is polling (started and not stopped). */
  public boolean isRunning() {
    return lifecycle.state() == RunnerState.RUNNING;
  }

  /** Where the runner is in its life. */
  public RunnerState state() {
    return lifecycle.state();
  }

  /** The models this runner paints with. */
  public List<String> models() {
    return modelNames;
  }

  /** The execution provider its models run on, e.g. {@code CPU}. */
  public String executionProvider() {
    return executionProvider;
  }

  /**
   * Stops polling ({@code → STOPPING → STOPPED}). A job being painted may finish its current image
   * within the shutdown grace period; then (or when the grace runs out) its message is released so
   * another runner takes it at once. A long poll still open is waited for, at most the poll wait
   * and two seconds, and a message it returns is released before this returns. Idempotent; returns
   * within about the grace period or the poll wait, plus a few seconds.
   */
  public void stop() {
    Thread thread;
    synchronized (this) {
      if (!lifecycle.beginStop()) {
        return;
      }
      thread = pollThread;
    }
    try {
      if (thread != null && !join(thread, config.shutdownGrace())) {
        loop.held()
            .forEach(
                job -> {
                  log.warn(
                      "jobId={} runner stopping: the job did not finish within {}, releasing it",
                      job.jobId(),
                      Durations.describe(config.shutdownGrace()));
                  job.releaseQuietly();
                });
        thread.interrupt();
        if (!join(thread, FINAL_WAIT)) {
          log.warn(
              "runner {} stopped; its poll thread is still blocked and ends on its own",
              config.runnerId());
        }
      }
      if (!loop.awaitOpenReceive(config.pollWait().plus(FINAL_WAIT))) {
        log.warn(
            "runner {} stopped with a long poll still open; a message it returns is released when"
                + " it arrives",
            config.runnerId());
      }
      scheduler.shutdownNow();
      receiver.shutdown();
      if (finisher != null) {
        finisher.shutdown();
      }
      previews.close();
      uploads.shutdown();
      awaitQuietly(uploads, FINAL_WAIT); // a finished job's delete may still be on its way
      background.flush(FINAL_WAIT);
      background.close();
      log.info("runner {} stopped", config.runnerId());
    } finally {
      lifecycle.stopped();
    }
  }

  private static void awaitQuietly(ExecutorService executor, Duration max) {
    try {
      executor.awaitTermination(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@link #stop()} ({@code → STOPPED}), then frees what the runner opened ({@code → CLOSED}).
   * Idempotent; a close during another thread's stop waits for that stop first.
   */
  @Override
  public void close() {
    stop();
    if (!lifecycle.awaitStopped(longestStop())) {
      log.warn("runner {} is still stopping; its resources stay open", config.runnerId());
      return;
    }
    Thread painter = pollThread;
    if (painter != null && painter.isAlive()) {
      // A job still paints inside ONNX Runtime past the grace: closing its sessions under it would
      // crash the JVM. The process is ending; its memory goes with it.
      log.warn(
          "runner {} stopped with a job still painting; its models stay open until the process"
              + " exits",
          config.runnerId());
      return;
    }
    if (lifecycle.close()) {
      try {
        owned.close();
      } catch (Exception e) {
        log.warn(
            "runner {} could not free all its resources: {}", config.runnerId(), e.getMessage());
      }
    }
  }

  /** The longest a {@link #stop()} takes: its waits for the image, the poll and the uploads. */
  private Duration longestStop() {
    return config.shutdownGrace().plus(config.pollWait()).plus(FINAL_WAIT.multipliedBy(4));
  }

  private void sendHeartbeat() {
    try {
      events.send(
          RunnerEvent.heartbeat(
              config.runnerId(),
              clock.instant(),
              modelNames,
              executionProvider,
              varyingModels,
              fastModels));
    } catch (RuntimeException e) {
      log.warn("runner {} cannot send its heartbeat: {}", config.runnerId(), e.getMessage());
    }
  }

  private static boolean join(Thread thread, Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private static void closeAll(List<AutoCloseable> resources) throws Exception {
    Exception first = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
