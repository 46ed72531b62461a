package io.goldpan.functions.events;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** In-memory SQS for the poller: hands out queued batches, records deletes, can fail receives. */
class FakeSqs implements SqsClient {
  private final BlockingQueue<List<Message>> batches = new LinkedBlockingQueue<>();
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private final List<ReceiveMessageRequest> receives = new CopyOnWriteArrayList<>();
  private final AtomicInteger failingReceives = new AtomicInteger();

  void offer(List<Message> batch) {
    batches.add(batch);
  }

  void failNextReceives(int count) {
    failingReceives.set(count);
  }

  List<String> deletedReceiptHandles() {
    return List.copyOf(deleted);
  }

  List<ReceiveMessageRequest> receives() {
    return List.copyOf(receives);
  }

  @Override
  public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
    receives.add(request);
    if (failingReceives.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw SdkClientException.create("simulated network failure");
    }
    try {
      // a short stand-in for the 20 s long poll
      List<Message> batch = batches.poll(50, TimeUnit.MILLISECONDS);
      return ReceiveMessageResponse.builder().messages(batch == null ? List.of() : batch).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted", e);
    }
  }

  @Override
  public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
    request.entries().stream()
        .map(DeleteMessageBatchRequestEntry::receiptHandle)
        .forEach(deleted::add);
    return DeleteMessageBatchResponse.builder().successful(List.of()).failed(List.of()).build();
  }

  @Override
  public String serviceName() {
    return "sqs";
  }

  @Override
  public void close() {}
}
