package io.goldpan.local;

import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.GoldpanResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link ImageCachingContract} against LocalStack, with its signature checks on. */
class LocalStackImageCachingIT extends ImageCachingContract {
  static LocalStackTarget target;
  static GoldpanResources resources;
  static SqsClient sqs;
  static S3Client s3;

  @BeforeAll
  static void start() {
    target = LocalStackTarget.find();
    resources = LocalStackTarget.freshResources("cache");
    sqs = AwsClients.sqs(target.endpoint(), LocalStackTarget.CREDENTIALS);
    s3 = AwsClients.s3(target.endpoint(), LocalStackTarget.CREDENTIALS);
    resources.ensure(sqs, s3);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      LocalStackTarget.delete(resources, sqs, s3);
      s3.close();
      sqs.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Override
  S3Client s3() {
    return s3;
  }

  @Override
  String bucket() {
    return resources.bucket();
  }
}
