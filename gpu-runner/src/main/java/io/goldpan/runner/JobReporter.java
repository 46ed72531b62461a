package io.goldpan.runner;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.Timings;
import io.goldpan.runner.queue.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Sends a job's events: {@code started} and {@code progress} in the background, so painting never
 * waits for the events queue; a terminal event directly, after the job's earlier events, so it is
 * normally the last. A terminal event is retried while the events queue fails; when it fails for
 * the whole retry budget the send throws, and the job's message is handed back.
 */
final class JobReporter {
  /** How long a terminal event waits for the job's earlier events to leave first. */
  private static final Duration ORDER_WAIT = Duration.ofSeconds(5);

  private final String runnerId;
  private final EventSink events;
  private final BackgroundEvents background;
  private final OutageRetries retries;
  private final Clock clock;

  JobReporter(
      String runnerId,
      EventSink events,
      BackgroundEvents background,
      OutageRetries retries,
      Clock clock) {
    this.runnerId = runnerId;
    this.events = events;
    this.background = background;
    this.retries = retries;
    this.clock = clock;
  }

  void started(String jobId) {
    background.send(RunnerEvent.started(jobId, runnerId, clock.instant()));
  }

  /** The progress counter of {@code job}, reporting in the background. */
  JobProgress progress(JobMessage job) {
    return new JobProgress(job, runnerId, background::send, clock);
  }

  void succeeded(String jobId, List<ImageResult> images, Timings timings) {
    sendTerminal(RunnerEvent.succeeded(jobId, runnerId, clock.instant(), images, timings));
  }

  void failed(String jobId, String reason) {
    sendTerminal(RunnerEvent.failed(jobId, runnerId, clock.instant(), reason));
  }

  void cancelled(String jobId) {
    sendTerminal(RunnerEvent.cancelled(jobId, runnerId, clock.instant()));
  }

  private void sendTerminal(RunnerEvent event) {
    background.flush(ORDER_WAIT);
    retries.run(OutageException.Service.EVENTS_QUEUE, () -> events.send(event));
  }
}
