package io.goldpan.runner.config;

/**
 * Credentials given to the runner explicitly ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN}). {@link #toString()} hides the
 * secrets.
 */
public record StaticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
  @Override
  public String toString() {
    return "StaticCredentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=****"
        + (sessionToken == null ? "" : ", sessionToken=****")
        + "]";
  }
}
