package io.goldpan.functions.aws;

import io.goldpan.functions.FunctionsException;

/** An SQS or S3 call failed; the message names the call and the ids involved. */
public class AwsCallException extends FunctionsException {
  public AwsCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
