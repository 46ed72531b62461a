package io.goldpan.functions.support;

import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobPreviewRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.push.PushOutbox;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.webhooks.WebhookOutbox;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Test {@link JobEvents} that fails like a database outage for the job named by {@code
 * test.poison-job-id}, so handlers' retry paths can be exercised.
 */
@Singleton
@Replaces(JobEvents.class)
@Requires(property = "test.poison-job-id")
public class FlakyJobEvents extends JobEvents {
  private final String poisonJobId;

  public FlakyJobEvents(
      JobRepository jobs,
      JobImageRepository images,
      JobPreviewRepository previews,
      RunnerRepository runners,
      WebhookOutbox webhooks,
      PushOutbox push,
      Clock clock,
      @Property(name = "test.poison-job-id") String poisonJobId) {
    super(jobs, images, previews, runners, webhooks, push, clock);
    this.poisonJobId = poisonJobId;
  }

  @Override
  public void apply(RunnerEvent event) {
    if (poisonJobId.equals(event.jobId())) {
      throw new IllegalStateException(
          "database unavailable (simulated) for jobId=" + event.jobId());
    }
    super.apply(event);
  }
}
