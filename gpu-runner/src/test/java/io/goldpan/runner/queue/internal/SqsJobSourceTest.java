package io.goldpan.runner.queue.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.InfrastructureException;
import io.goldpan.runner.queue.MessageGoneException;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

class SqsJobSourceTest {
  private static final String QUEUE = "http://localhost:9324/000000000000/goldpan-jobs";
  private static final QueueMessage MESSAGE = new QueueMessage("m-1", "receipt-1", "{}", 2);

  @Test
  void delete_whenSqsSaysTheReceiptHandleIsInvalid_saysTheMessageIsGone() {
    SqsJobSource jobs = new SqsJobSource(failing(() -> receiptHandleIsInvalid()), QUEUE);

    assertThatThrownBy(() -> jobs.delete(MESSAGE))
        .isInstanceOf(MessageGoneException.class)
        .hasMessageStartingWith("messageId=m-1 is no longer this runner's to delete")
        .hasCauseInstanceOf(ReceiptHandleIsInvalidException.class);
  }

  @Test
  void extend_whenTheMessageIsNoLongerInFlight_saysTheMessageIsGone() {
    SqsJobSource jobs =
        new SqsJobSource(
            failing(() -> MessageNotInflightException.builder().message("not in flight").build()),
            QUEUE);

    assertThatThrownBy(() -> jobs.extend(MESSAGE, Duration.ofSeconds(60)))
        .isInstanceOf(MessageGoneException.class)
        .hasMessageStartingWith("messageId=m-1 is no longer this runner's to extend");
  }

  @Test
  void release_whenSqsSaysTheReceiptHandleExpired_saysTheMessageIsGone() {
    // What SQS answers a ChangeMessageVisibility whose receipt handle a newer receive replaced.
    SqsJobSource jobs =
        new SqsJobSource(
            failing(
                () ->
                    serviceError(
                        "InvalidParameterValue",
                        "Value receipt-1 for parameter ReceiptHandle is invalid. Reason: Message"
                            + " does not exist or is not available for visibility timeout"
                            + " change.")),
            QUEUE);

    assertThatThrownBy(() -> jobs.release(MESSAGE)).isInstanceOf(MessageGoneException.class);
  }

  @Test
  void delete_whenSqsCannotBeReached_isAnInfrastructureFailure() {
    SqsJobSource jobs =
        new SqsJobSource(
            failing(() -> SdkClientException.create("Unable to execute HTTP request")), QUEUE);

    assertThatThrownBy(() -> jobs.delete(MESSAGE))
        .isInstanceOf(InfrastructureException.class)
        .hasMessageContaining("cannot delete a message from SQS queue " + QUEUE);
  }

  private static ReceiptHandleIsInvalidException receiptHandleIsInvalid() {
    return (ReceiptHandleIsInvalidException)
        ReceiptHandleIsInvalidException.builder()
            .message("The input receipt handle is invalid.")
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ReceiptHandleIsInvalid")
                    .errorMessage("The input receipt handle is invalid.")
                    .build())
            .statusCode(404)
            .build();
  }

  private static AwsServiceException serviceError(String code, String message) {
    return AwsServiceException.builder()
        .message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .statusCode(400)
        .build();
  }

  /** An SQS client whose delete and visibility calls fail as {@code failure} says. */
  private static SqsClient failing(Supplier<? extends SdkException> failure) {
    return new SqsClient() {
      @Override
      public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        throw failure.get();
      }

      @Override
      public ChangeMessageVisibilityResponse changeMessageVisibility(
          ChangeMessageVisibilityRequest request) {
        throw failure.get();
      }

      @Override
      public String serviceName() {
        return SqsClient.SERVICE_NAME;
      }

      @Override
      public void close() {}
    };
  }
}
