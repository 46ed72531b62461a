package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.MessageGoneException;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InFlightTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final QueueMessage MESSAGE = new QueueMessage("m-1", "receipt-1", "{}", 1);

  private final Logger logger = (Logger) LoggerFactory.getLogger(InFlight.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    logger.detachAppender(logs);
  }

  @Test
  void deleteQuietly_whenTheMessageIsAlreadyGone_saysSo_andNotThatTheJobIsPaintedAgain() {
    InFlight inFlight =
        held(new MessageGoneException("messageId=m-1 is no longer this runner's to delete", null));

    inFlight.deleteQuietly();

    assertThat(inFlight.isSettled()).isTrue();
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.INFO);
              assertThat(event.getFormattedMessage())
                  .startsWith("jobId=" + JOB_ID + " the finished job's message is already gone")
                  .doesNotContain("painted again");
            });
  }

  @Test
  void deleteQuietly_whenSqsCannotBeReached_warnsThatTheMessageReappears() {
    InFlight inFlight =
        held(new InfrastructureException("cannot delete a message from SQS queue q: 503", null));

    inFlight.deleteQuietly();

    assertThat(logs.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("reappears when its visibility timeout ends and is painted again");
            });
  }

  /** The message of the job, on a queue whose delete fails with {@code failure}. */
  private static InFlight held(RuntimeException failure) {
    JobSource jobs =
        new JobSource() {
          @Override
          public Optional<QueueMessage> receive(Duration wait, Duration visibility) {
            return Optional.empty();
          }

          @Override
          public void extend(QueueMessage message, Duration visibility) {}

          @Override
          public void release(QueueMessage message) {}

          @Override
          public void delete(QueueMessage message) {
            throw failure;
          }
        };
    InFlight inFlight = new InFlight(MESSAGE, jobs, Instant.parse("2026-11-25T10:00:05Z"));
    inFlight.identify(JOB_ID);
    return inFlight;
  }
}
