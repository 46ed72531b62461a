package io.goldpan.functions.support;

import io.goldpan.functions.aws.S3ImageLinks;
import io.goldpan.functions.jobs.ImageLinks;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Test presigner: a recognisable fake URL per key. */
@Singleton
@Replaces(S3ImageLinks.class)
@Requires(env = "test")
public class FakeImageLinks implements ImageLinks {
  @Override
  public String presign(String key) {
    return "https://signed.example/" + key + "?sig=test";
  }
}
