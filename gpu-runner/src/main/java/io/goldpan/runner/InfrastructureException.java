package io.goldpan.runner;

/**
 * SQS or S3 failed (after the SDK's own retries). The job is not at fault: the runner retries the
 * call while the job keeps its message, for up to its retry budget ({@link OutageException} when it
 * is spent); a failure outside those retries hands the message back so the job is tried again.
 */
public class InfrastructureException extends RunnerException {
  public InfrastructureException(String message, Throwable cause) {
    super(message, cause);
  }
}
