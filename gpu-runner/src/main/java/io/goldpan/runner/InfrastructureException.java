package io.goldpan.runner;

/**
 * SQS or S3 failed (after the SDK's own retries). The job is not at fault: its message is released
 * so that it is tried again, and the queue's redrive policy bounds how often.
 */
public class InfrastructureException extends RunnerException {
  public InfrastructureException(String message, Throwable cause) {
    super(message, cause);
  }
}
