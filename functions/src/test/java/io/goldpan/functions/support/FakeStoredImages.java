package io.goldpan.functions.support;

import io.goldpan.functions.aws.S3StoredImages;
import io.goldpan.functions.jobs.StoredImages;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test bucket for existence checks: holds exactly the keys a test puts there. */
@Singleton
@Replaces(S3StoredImages.class)
@Requires(env = "test")
public class FakeStoredImages implements StoredImages {
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  public void put(String key) {
    keys.add(key);
  }

  @Override
  public boolean exists(String key) {
    return keys.contains(key);
  }
}
