package io.goldpan.functions.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/** Turns an SQS trigger's batch into the partial-batch response that retries only what failed. */
final class SqsBatches {
  /** Handles one record by id and body. */
  @FunctionalInterface
  interface RecordHandler {
    EventMessages.Outcome handle(String messageId, String body);
  }

  private SqsBatches() {}

  /** Hands every record to {@code handler}; the records it did not finish are reported failed. */
  static SQSBatchResponse handle(SQSEvent input, RecordHandler handler) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records =
        input == null || input.getRecords() == null ? List.of() : input.getRecords();
    for (SQSEvent.SQSMessage record : records) {
      if (!handler.handle(record.getMessageId(), record.getBody()).done()) {
        failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }
}
