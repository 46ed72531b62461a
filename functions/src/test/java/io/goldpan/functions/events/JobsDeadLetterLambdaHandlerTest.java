package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.support.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobsDeadLetterLambdaHandlerTest {
  private static final String RUNNING_JOB = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String DONE_JOB = "1c9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e11";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  ApplicationContext context;
  JobsDeadLetterLambdaHandler handler;
  JobRepository jobs;

  @BeforeEach
  void start() {
    context =
        ApplicationContext.run(
            Map.of("datasources.default.url", "jdbc:h2:mem:jobs-dlq-lambda;DB_CLOSE_DELAY=-1"),
            "test");
    handler = new JobsDeadLetterLambdaHandler(context);
    jobs = context.getBean(JobRepository.class);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void handleRequest_failsTheJobWithAReadableReason_andDropsUnreadableRecords() {
    jobs.save(job(RUNNING_JOB, JobStatus.RUNNING));

    SQSBatchResponse response =
        handler.handleRequest(
            event(
                record("dlq-1", Contract.toJson(message(RUNNING_JOB))),
                record("dlq-2", "{not json"),
                record("dlq-3", "")),
            new TestLambdaContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    Job failed = jobs.findById(RUNNING_JOB).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error())
        .isEqualTo(
            "the runner could not finish this job after 3 attempts;"
                + " see the runner's log for jobId="
                + RUNNING_JOB);
    assertThat(failed.finishedAt()).isNotNull();
  }

  @Test
  void handleRequest_leavesAFinishedJobAsItIs() {
    jobs.save(job(DONE_JOB, JobStatus.SUCCEEDED));

    SQSBatchResponse response =
        handler.handleRequest(
            event(record("dlq-late", Contract.toJson(message(DONE_JOB)))), new TestLambdaContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(jobs.findById(DONE_JOB).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void handle_whenTheDatabaseIsDown_asksForRedelivery() {
    JobRepository down =
        (JobRepository)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {JobRepository.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("database unavailable (simulated)");
                });
    JobsDeadLetters deadLetters =
        new JobsDeadLetters(
            down, new JobsDeadLetterConfig("goldpan-jobs-dlq", 3, false), Clock.systemUTC());

    assertThat(deadLetters.handle("m", Contract.toJson(message(RUNNING_JOB))))
        .isEqualTo(EventMessages.Outcome.RETRY);
    assertThat(deadLetters.handle("m", "{\"v\":99}")).isEqualTo(EventMessages.Outcome.UNREADABLE);
  }

  static JobMessage message(String jobId) {
    return new JobMessage(
        Contract.VERSION,
        jobId,
        JobParameters.textToImage("p", null, 1, 1, 256, 256, 20, 7.5, "demo", null),
        T0,
        T0.plusSeconds(86_400));
  }

  private static SQSEvent.SQSMessage record(String id, String body) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(id);
    record.setBody(body);
    return record;
  }

  private static SQSEvent event(SQSEvent.SQSMessage... records) {
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(records));
    return event;
  }

  private static Job job(String id, JobStatus status) {
    return new Job(
        id,
        "dlq-owner",
        status,
        "p",
        null,
        1,
        1,
        256,
        256,
        20,
        7.5,
        "demo",
        null,
        T0,
        T0,
        T0,
        null,
        T0,
        T0.plusSeconds(86_400),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "runner-1",
        null,
        null,
        null);
  }
}
