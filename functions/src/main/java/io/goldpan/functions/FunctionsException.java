package io.goldpan.functions;

/** Root of every exception the functions module throws on purpose. */
public class FunctionsException extends RuntimeException {
  public FunctionsException(String message) {
    super(message);
  }

  public FunctionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
