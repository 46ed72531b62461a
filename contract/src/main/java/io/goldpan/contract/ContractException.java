package io.goldpan.contract;

/**
 * A message on a Goldpan queue that this build cannot read: bad JSON, a missing field, another
 * version.
 */
public class ContractException extends RuntimeException {
  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
