package io.goldpan.local;

import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.EmbeddedAws;
import io.goldpan.local.aws.LocalCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link ImageCachingContract} against the embedded stack's S3 emulator. */
class EmbeddedImageCachingIT extends ImageCachingContract {
  @TempDir static Path dir;
  static EmbeddedAws aws;
  static S3Client s3;

  @BeforeAll
  static void start() {
    LocalCredentials credentials = LocalCredentials.generate();
    aws = EmbeddedAws.start("127.0.0.1", 0, 0, dir.resolve("s3"), credentials);
    s3 = AwsClients.s3(aws.s3Endpoint(), credentials);
    s3.createBucket(r -> r.bucket("goldpan"));
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Override
  S3Client s3() {
    return s3;
  }

  @Override
  String bucket() {
    return "goldpan";
  }
}
