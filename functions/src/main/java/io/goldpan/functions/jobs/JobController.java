package io.goldpan.functions.jobs;

import io.goldpan.functions.ApiError;
import io.goldpan.functions.auth.ApiKeyFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;

/** The jobs API: submit, read, list and cancel the caller's jobs. */
@Controller("/api/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobController {
  private final JobService jobs;
  private final JobViews views;

  public JobController(JobService jobs, JobViews views) {
    this.jobs = jobs;
    this.views = views;
  }

  /**
   * Takes the raw body so that every validation error can name its field. The body is parsed as
   * JSON whatever it is labelled: {@code curl -d} sends JSON as a form.
   */
  @Post
  @Operation(
      summary = "Submit a job",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = SubmitBody.class),
                      examples = {
                        @ExampleObject(
                            name = "minimal",
                            value = "{\"prompt\": \"a lighthouse at dusk\"}"),
                        @ExampleObject(
                            name = "full",
                            value =
                                "{\"prompt\": \"a lighthouse at dusk, oil on canvas\","
                                    + " \"negativePrompt\": \"blurry\", \"count\": 2,"
                                    + " \"seed\": 42, \"width\": 512, \"height\": 768,"
                                    + " \"steps\": 25, \"guidance\": 7, \"model\": \"demo\","
                                    + " \"scheduler\": \"dpmpp_2m_karras\"}"),
                        @ExampleObject(
                            name = "webhook",
                            value =
                                "{\"prompt\": \"a lighthouse at dusk\","
                                    + " \"webhook\": \"https://example.com/hooks/goldpan\","
                                    + " \"webhookEvents\": [\"start\", \"output\","
                                    + " \"completed\"]}")
                      })),
      responses = {
        @ApiResponse(responseCode = "202", description = "Stored and queued"),
        @ApiResponse(
            responseCode = "400",
            description = "A field is out of bounds; fields names each",
            content = @Content(schema = @Schema(implementation = ApiError.class))),
        @ApiResponse(responseCode = "429", description = "Over the owner's quota")
      })
  @Consumes({
    MediaType.APPLICATION_JSON,
    MediaType.TEXT_PLAIN,
    MediaType.APPLICATION_FORM_URLENCODED
  })
  public HttpResponse<JobView> submit(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner,
      @Header(SubmitKeys.HEADER) @Nullable String idempotencyKey,
      HttpRequest<?> request) {
    String body = RawBody.text(request);
    if (idempotencyKey == null) {
      Job job = jobs.submit(owner, body);
      return HttpResponse.<JobView>accepted(URI.create("/api/jobs/" + job.id()))
          .body(views.of(job));
    }
    JobService.Submission done = jobs.submit(owner, body, idempotencyKey);
    Job job = done.job();
    MutableHttpResponse<JobView> response =
        HttpResponse.<JobView>accepted(URI.create("/api/jobs/" + job.id())).body(views.of(job));
    return done.replayed() ? response.header(REPLAYED, "true") : response;
  }

  /** Set on the answer to a repeated submission: this is the job the first request stored. */
  static final String REPLAYED = "Idempotent-Replayed";

  @Error(exception = QuotaExceededException.class)
  HttpResponse<ApiError> quota(QuotaExceededException e) {
    return HttpResponse.<ApiError>status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
        .body(
            new ApiError(
                "quota_exceeded",
                e.getMessage(),
                List.of(new ApiError.FieldError(e.limit(), "at most " + e.max()))));
  }

  @Error(exception = IdempotencyKeyReusedException.class)
  HttpResponse<ApiError> keyReused(IdempotencyKeyReusedException e) {
    return HttpResponse.<ApiError>status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(
            ApiError.invalidRequest(
                e.getMessage(),
                List.of(new ApiError.FieldError(SubmitKeys.HEADER, e.getMessage()))));
  }

  @Get("/{id}")
  public JobView get(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner, @PathVariable String id) {
    return views.of(jobs.find(owner, id));
  }

  @Get
  public JobPage list(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    JobService.Page page = jobs.list(owner, limit, cursor);
    return new JobPage(views.of(page.jobs()), page.next());
  }

  @Delete("/{id}")
  public JobView cancel(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner, @PathVariable String id) {
    return views.of(jobs.cancel(owner, id));
  }

  @Error(exception = InvalidRequestException.class)
  HttpResponse<ApiError> invalid(InvalidRequestException e) {
    return HttpResponse.badRequest(ApiError.invalidRequest(e.getMessage(), e.fields()));
  }

  @Error(exception = JobNotFoundException.class)
  HttpResponse<ApiError> notFound() {
    return HttpResponse.notFound(ApiError.notFound());
  }

  @Error(exception = JobConflictException.class)
  HttpResponse<ApiError> conflict(JobConflictException e) {
    return HttpResponse.status(HttpStatus.CONFLICT).body(ApiError.conflict(e.getMessage()));
  }
}
