package io.goldpan.functions.webhooks;

import io.goldpan.functions.auth.ApiKeyFilter;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

/** The caller's webhook secret and each job's delivery log. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {
  private final WebhookSecrets secrets;
  private final JobService jobs;
  private final WebhookHistory history;

  public WebhookController(WebhookSecrets secrets, JobService jobs, WebhookHistory history) {
    this.secrets = secrets;
    this.jobs = jobs;
    this.history = history;
  }

  @Post("/webhook-secret")
  @Operation(
      summary = "Make a new webhook signing secret",
      description =
          "Replaces the caller's secret (whsec_...) and returns it; it is shown only here, once."
              + " Deliveries from now on are signed with it, retries of earlier ones too.")
  public WebhookLog.NewSecret rotate(@RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner) {
    return new WebhookLog.NewSecret(secrets.rotate(owner));
  }

  @Get("/jobs/{id}/webhooks")
  @Operation(summary = "A job's webhook deliveries and every attempt")
  public WebhookLog log(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner, @PathVariable String id) {
    return history.of(jobs.find(owner, id).id());
  }
}
