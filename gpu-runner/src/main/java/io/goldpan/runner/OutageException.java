package io.goldpan.runner;

/**
 * S3 or SQS kept failing for a job's whole retry budget ({@code GOLDPAN_INFRA_RETRY_BUDGET}). Its
 * message names the service and how long it was tried, e.g. {@code storage unavailable for 10 min:
 * cannot write s3://…}, so it can be the job's failure reason as it stands.
 */
public final class OutageException extends InfrastructureException {
  /** What was unavailable. */
  public enum Service {
    STORAGE("storage"),
    EVENTS_QUEUE("the events queue");

    private final String label;

    Service(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final Service service;

  OutageException(Service service, String budget, InfrastructureException last) {
    super(service + " unavailable for " + budget + ": " + last.getMessage(), last);
    this.service = service;
  }

  public Service service() {
    return service;
  }
}
