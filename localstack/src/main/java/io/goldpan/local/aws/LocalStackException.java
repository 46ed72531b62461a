package io.goldpan.local.aws;

/** The local stack could not start or serve: a port taken, a directory unwritable, a bad option. */
public class LocalStackException extends RuntimeException {
  public LocalStackException(String message) {
    super(message);
  }

  public LocalStackException(String message, Throwable cause) {
    super(message, cause);
  }
}
