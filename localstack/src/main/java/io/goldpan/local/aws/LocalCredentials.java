package io.goldpan.local.aws;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The access key pair the embedded S3 and SQS accept. Generated once per data directory. */
public record LocalCredentials(String accessKeyId, String secretAccessKey) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public static LocalCredentials generate() {
    return new LocalCredentials("GOLDPANLOCAL" + hex(4).toUpperCase(), hex(20));
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "LocalCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
  }
}
