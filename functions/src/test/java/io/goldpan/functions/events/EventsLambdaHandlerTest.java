package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.TestLambdaContext;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsLambdaHandlerTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String POISON_JOB_ID = "9f0c4d1e-0000-4000-8000-00000000dead";

  ApplicationContext context;
  EventsLambdaHandler handler;

  @BeforeEach
  void start() {
    context =
        ApplicationContext.run(
            Map.of(
                "datasources.default.url",
                "jdbc:h2:mem:events-lambda;DB_CLOSE_DELAY=-1",
                "test.poison-job-id",
                POISON_JOB_ID),
            "test");
    // the fixture's events are from a few seconds before this
    context.getBean(MutableClock.class).set(Instant.parse("2026-11-25T10:00:05Z"));
    handler = new EventsLambdaHandler(context);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void handleRequest_reportsOnlyTheRetryableRecord_andAppliesTheGoodOnes() throws IOException {
    JobRepository jobs = context.getBean(JobRepository.class);
    jobs.save(queuedJob(JOB_ID));
    jobs.save(queuedJob(POISON_JOB_ID));

    SQSBatchResponse response = handler.handleRequest(fixture(), new TestLambdaContext());

    // unreadable records (not JSON, a newer contract) are dropped, not retried forever
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("msg-database-down");
    Job started = jobs.findById(JOB_ID).orElseThrow();
    assertThat(started.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(started.runnerId()).isEqualTo("runner-7");
    assertThat(jobs.findById(POISON_JOB_ID).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(context.getBean(RunnerRepository.class).findById("runner-7")).isPresent();
  }

  @Test
  void handleRequest_whenEveryRecordIsFine_reportsNoFailures() throws IOException {
    SQSEvent event = fixture();
    event.setRecords(
        event.getRecords().stream().filter(r -> r.getMessageId().equals("msg-heartbeat")).toList());

    SQSBatchResponse response = handler.handleRequest(event, new TestLambdaContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
  }

  @Test
  void lambdaContext_runsNoPollerAndNoScheduledSweep() {
    try (EventsLambdaHandler lambda = new EventsLambdaHandler()) {
      assertThat(lambda.getApplicationContext().getEnvironment().getActiveNames())
          .contains("function");
      assertThat(lambda.getApplicationContext().containsBean(ServerPollers.class)).isFalse();
      assertThat(
              lambda
                  .getApplicationContext()
                  .containsBean(io.goldpan.functions.sweeper.ScheduledSweep.class))
          .isFalse();
    }
  }

  private SQSEvent fixture() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/events/sqs-event.json")) {
      return context
          .getBean(JsonMapper.class)
          .readValue(in.readAllBytes(), Argument.of(SQSEvent.class));
    }
  }

  private static Job queuedJob(String id) {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    return new Job(
        id,
        "lambda-owner",
        JobStatus.QUEUED,
        "p",
        null,
        1,
        1,
        512,
        512,
        20,
        7.5,
        "demo",
        null,
        now,
        now,
        null,
        null,
        now,
        now.plusSeconds(86_400),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
