package io.goldpan.local;

import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A running Goldpan (functions server, queues, bucket, no runner) that the scenarios attack. */
interface ScenarioStack extends AutoCloseable {
  URI apiUrl();

  String apiKey();

  /** The functions application, for its beans (repositories, Lambda handlers). */
  ApplicationContext functions();

  /** What a runner needs to join: endpoints, credentials, queues, bucket. */
  Map<String, String> runnerVariables();

  SqsClient sqs();

  S3Client s3();

  S3Presigner presigner();

  String bucket();

  String queueUrl(String name);

  String jobsQueue();

  String eventsQueue();

  /** Whether {@link #stopS3()} can take S3 away (the embedded emulator can, a container not). */
  boolean canStopS3();

  void stopS3();

  void startS3();

  @Override
  void close();
}
