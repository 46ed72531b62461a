package io.goldpan.runner;

/** Root of every failure the runner raises itself; subclasses say whose fault it is. */
public class RunnerException extends RuntimeException {
  public RunnerException(String message) {
    super(message);
  }

  public RunnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
