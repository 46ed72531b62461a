package io.goldpan.runner.queue.internal;

import io.goldpan.runner.InfrastructureException;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.MessageGoneException;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** {@link JobSource} on an SQS queue. */
public final class SqsJobSource implements JobSource {
  private final SqsClient sqs;
  private final QueueUrl queue;

  public SqsJobSource(SqsClient sqs, String queue) {
    this.sqs = sqs;
    this.queue = new QueueUrl(sqs, queue);
  }

  @Override
  public Optional<QueueMessage> receive(Duration wait, Duration visibility) {
    ReceiveMessageResponse response =
        call(
            "receive from",
            () ->
                sqs.receiveMessage(
                    r ->
                        r.queueUrl(queue.get())
                            .maxNumberOfMessages(1)
                            .waitTimeSeconds((int) wait.toSeconds())
                            .visibilityTimeout((int) visibility.toSeconds())
                            .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
    return response.messages().stream().findFirst().map(SqsJobSource::toQueueMessage);
  }

  @Override
  public void extend(QueueMessage message, Duration visibility) {
    callOn(
        message,
        "extend",
        "extend visibility on",
        () ->
            sqs.changeMessageVisibility(
                r ->
                    r.queueUrl(queue.get())
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout((int) visibility.toSeconds())));
  }

  @Override
  public void release(QueueMessage message) {
    callOn(
        message,
        "release",
        "release a message on",
        () ->
            sqs.changeMessageVisibility(
                r ->
                    r.queueUrl(queue.get())
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0)));
  }

  @Override
  public void delete(QueueMessage message) {
    callOn(
        message,
        "delete",
        "delete a message from",
        () ->
            sqs.deleteMessage(r -> r.queueUrl(queue.get()).receiptHandle(message.receiptHandle())));
  }

  /**
   * {@link #call} on one received message: when SQS says its receipt handle no longer names a
   * message this runner holds, throws {@link MessageGoneException} instead.
   */
  private <T> T callOn(QueueMessage message, String verb, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (isStaleReceipt(e)) {
        throw new MessageGoneException(
            "messageId="
                + message.messageId()
                + " is no longer this runner's to "
                + verb
                + ": "
                + e.getMessage(),
            e);
      }
      throw failed(what, e);
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  /**
   * Whether SQS answered that the receipt handle is stale: invalid or expired (the message was
   * deleted, or received again since), or the message is no longer in flight.
   */
  private static boolean isStaleReceipt(AwsServiceException answer) {
    if (answer instanceof ReceiptHandleIsInvalidException
        || answer instanceof MessageNotInflightException) {
      return true;
    }
    AwsErrorDetails details = answer.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    if (code == null) {
      return false;
    }
    return code.contains("ReceiptHandleIsInvalid")
        || code.contains("MessageNotInflight")
        || code.contains("InvalidParameterValue")
            && String.valueOf(details.errorMessage()).contains("ReceiptHandle");
  }

  private <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  private InfrastructureException failed(String what, SdkException e) {
    return new InfrastructureException(
        "cannot " + what + " SQS queue " + queue + ": " + e.getMessage(), e);
  }

  private static QueueMessage toQueueMessage(Message message) {
    String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    int receiveCount;
    try {
      receiveCount = count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      receiveCount = 1;
    }
    return new QueueMessage(
        message.messageId(), message.receiptHandle(), message.body(), receiveCount);
  }
}
