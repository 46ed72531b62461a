package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * What the functions put on the jobs queue for a runner: everything needed to paint one job. On the
 * wire the parameters are fields of the message itself, beside {@code v} and {@code jobId}.
 *
 * @param v contract version, {@link Contract#VERSION}
 * @param jobId the job's id (a UUID); also the S3 prefix of its images
 * @param parameters what to paint
 * @param submittedAt when the job was accepted by the API
 * @param deadline after this instant the job is no longer wanted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(
    int v,
    String jobId,
    @JsonUnwrapped JobParameters parameters,
    Instant submittedAt,
    Instant deadline) {

  /** The same message with other parameters. */
  public JobMessage with(JobParameters parameters) {
    return new JobMessage(v, jobId, parameters, submittedAt, deadline);
  }
}
