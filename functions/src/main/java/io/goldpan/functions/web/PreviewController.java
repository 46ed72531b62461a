package io.goldpan.functions.web;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.aws.AwsCallException;
import io.goldpan.functions.gallery.ImageObjects;
import io.goldpan.functions.jobs.JobPreviews;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job's latest preview, same-origin and for its owner only: the page's {@code <img>}
 * names the preview's step, so each new preview is a new URL and the browser may keep each one.
 */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PreviewController {
  private static final Logger LOG = LoggerFactory.getLogger(PreviewController.class);

  /** Largest preview served: the runner writes a few KB; anything far larger is not one. */
  static final int MAX_BYTES = 512 * 1024;

  private final JobService jobs;
  private final JobPreviews previews;
  private final ImageObjects objects;

  public PreviewController(JobService jobs, JobPreviews previews, ImageObjects objects) {
    this.jobs = jobs;
    this.previews = previews;
    this.objects = objects;
  }

  @Get("/jobs/{id}/preview.jpg")
  public HttpResponse<byte[]> preview(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    jobs.find(session.owner(), id); // another owner's job, or none: 404
    if (!previews.exists(id)) {
      return HttpResponse.notFound();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      objects.copy(StorageKeys.preview(id), bytes);
    } catch (AwsCallException e) {
      LOG.debug("jobId={} preview not readable: {}", id, e.getMessage());
      return HttpResponse.notFound();
    }
    if (bytes.size() > MAX_BYTES) {
      LOG.warn("jobId={} preview of {} bytes not served (at most {})", id, bytes.size(), MAX_BYTES);
      return HttpResponse.notFound();
    }
    return HttpResponse.ok(bytes.toByteArray())
        .contentType(MediaType.IMAGE_JPEG_TYPE)
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "private, max-age=3600");
  }
}
