package io.goldpan.functions.jobs;

import io.goldpan.functions.FunctionsException;

/** An {@code Idempotency-Key} sent again with a different request: a 422. */
public class IdempotencyKeyReusedException extends FunctionsException {
  public IdempotencyKeyReusedException() {
    super(
        "Idempotency-Key was already used with a different request in the last 24 h; send a new"
            + " key for a new request");
  }
}
