package io.goldpan.runner;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ContractException;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's life from the receipt of its message to its terminal event: reads and checks the job, has
 * {@link JobPainter} paint it, reports the outcome and settles the message. The message is deleted
 * only once a terminal event is sent; it is handed back when the infrastructure fails, so the job
 * is tried again.
 */
final class JobHandler {
  private static final Logger log = LoggerFactory.getLogger(JobHandler.class);

  private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(5);

  /** Finds a job id in a body too broken to parse, so the job can still be marked failed. */
  private static final Pattern JOB_ID_FIELD =
      Pattern.compile("\"jobId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final RunnerConfig config;
  private final Map<String, Model> models;
  private final JobPainter painter;
  private final JobReporter reports;
  private final Executor deletes;
  private final StopSignal stop;

  /**
   * @param models by the name jobs ask for, in the order the runner lists them
   * @param deletes where a finished job's message is deleted, so the next job need not wait
   * @param stop a job that meets a failure while the runner stops is handed back at once
   */
  JobHandler(
      RunnerConfig config,
      Map<String, Model> models,
      JobPainter painter,
      JobReporter reports,
      Executor deletes,
      StopSignal stop) {
    this.config = config;
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    this.painter = painter;
    this.reports = reports;
    this.deletes = deletes;
    this.stop = stop;
  }

  /** Handles the message; never throws for a failure of the job or of the infrastructure. */
  void handle(InFlight inFlight) {
    QueueMessage message = inFlight.message();
    JobMessage job;
    try {
      job = Contract.parseJob(message.body());
    } catch (ContractException e) {
      rejectUnreadable(inFlight, e);
      return;
    }
    inFlight.identify(job.jobId());
    try {
      run(job, inFlight);
    } catch (ModelException e) {
      log.warn("jobId={} failed: {}", job.jobId(), e.getMessage());
      finishQuietly(inFlight, () -> reports.failed(job.jobId(), e.getMessage()));
    } catch (OutageException e) {
      if (e.service() == OutageException.Service.EVENTS_QUEUE) {
        log.warn(
            "jobId={} cannot report its end, releasing the job: {}", job.jobId(), e.getMessage());
        inFlight.releaseQuietly();
      } else {
        log.warn("jobId={} failed: {}", job.jobId(), e.getMessage());
        finishQuietly(inFlight, () -> reports.failed(job.jobId(), e.getMessage()));
      }
    } catch (InfrastructureException e) {
      if (stop.stopRequested()) {
        log.info(
            "jobId={} runner stopping during an infrastructure failure, releasing the job: {}",
            job.jobId(),
            e.getMessage());
        inFlight.releaseQuietly();
        return;
      }
      Duration delay = retryDelay(message.receiveCount());
      log.warn(
          "jobId={} infrastructure failure, the job is tried again in {} s (delivery {}): {}",
          job.jobId(),
          delay.toSeconds(),
          message.receiveCount(),
          e.getMessage());
      inFlight.releaseAfterQuietly(delay);
    } catch (RuntimeException e) {
      log.error(
          "jobId={} unexpected failure, releasing the job for another try (delivery {})",
          job.jobId(),
          message.receiveCount(),
          e);
      inFlight.releaseQuietly();
    } finally {
      inFlight.stopHeartbeat();
    }
  }

  private void run(JobMessage job, InFlight inFlight) {
    String jobId = job.jobId();
    List<String> problems = JobLimits.problems(job);
    if (!problems.isEmpty()) {
      if (!StorageKeys.isJobId(jobId)) {
        // Without a valid id no event can name the job; nothing to report to.
        log.warn(
            "jobId={} deleted a job message without a valid job id: {}",
            jobId,
            String.join("; ", problems));
        inFlight.delete();
        return;
      }
      reject(inFlight, "invalid job: " + String.join("; ", problems));
      return;
    }
    Model model = models.get(job.parameters().model());
    if (model == null) {
      reject(
          inFlight,
          "model '"
              + job.parameters().model()
              + "' is not available on runner "
              + config.runnerId()
              + "; it has: "
              + String.join(", ", models.keySet()));
      return;
    }
    if (job.deadline() != null && inFlight.receivedAt().isAfter(job.deadline())) {
      reject(inFlight, "deadline passed before a runner took the job");
      return;
    }
    Optional<JobPainter.Painted> painted = painter.paint(job, model, inFlight);
    if (painted.isEmpty() || inFlight.isSettled()) {
      return;
    }
    JobPainter.Painted result = painted.get();
    reports.succeeded(jobId, result.images(), result.timings());
    deletes.execute(inFlight::deleteQuietly);
    log.info(
        "jobId={} succeeded: {} image(s), inference {} ms, encoding and upload {} ms, total {} ms,"
            + " queued {} ms",
        jobId,
        result.images().size(),
        result.timings().inferenceMs(),
        result.timings().uploadMs(),
        result.timings().totalMs(),
        result.timings().queueMs());
  }

  /**
   * How long a job waits before its next try after SQS or S3 failed: 5 s, then doubling per
   * delivery, never more than the visibility timeout.
   */
  private Duration retryDelay(int receiveCount) {
    Duration delay =
        FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(10, Math.max(0, receiveCount - 1)));
    return delay.compareTo(config.visibilityTimeout()) > 0 ? config.visibilityTimeout() : delay;
  }

  private void reject(InFlight inFlight, String reason) {
    log.warn("jobId={} rejected: {}", inFlight.jobId(), reason);
    reports.failed(inFlight.jobId(), reason);
    inFlight.delete();
  }

  /** Sends the terminal event, then deletes; on an infrastructure failure releases instead. */
  private void finishQuietly(InFlight inFlight, Runnable terminalEvent) {
    if (inFlight.isSettled()) {
      return;
    }
    try {
      terminalEvent.run();
      inFlight.delete();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot report the failure, releasing the job: {}",
          inFlight.jobId(),
          e.getMessage());
      inFlight.releaseQuietly();
    }
  }

  private void rejectUnreadable(InFlight inFlight, ContractException problem) {
    QueueMessage message = inFlight.message();
    Matcher match = JOB_ID_FIELD.matcher(message.body() == null ? "" : message.body());
    String jobId = match.find() && StorageKeys.isJobId(match.group(1)) ? match.group(1) : null;
    inFlight.identify(jobId);
    log.warn(
        "jobId={} deleting an unreadable job message (messageId={}): {}",
        jobId,
        message.messageId(),
        problem.getMessage());
    if (jobId == null) {
      try {
        inFlight.delete();
      } catch (RuntimeException e) {
        log.warn(
            "messageId={} cannot delete the unreadable message: {}",
            message.messageId(),
            e.getMessage());
      }
      return;
    }
    finishQuietly(
        inFlight,
        () ->
            reports.failed(
                jobId, "the runner cannot read the job message: " + problem.getMessage()));
  }
}
