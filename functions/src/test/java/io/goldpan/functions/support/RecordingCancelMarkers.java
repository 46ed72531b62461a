package io.goldpan.functions.support;

import io.goldpan.functions.aws.S3CancelMarkers;
import io.goldpan.functions.jobs.CancelMarkers;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test cancel markers: records the job ids. */
@Singleton
@Replaces(S3CancelMarkers.class)
@Requires(env = "test")
public class RecordingCancelMarkers implements CancelMarkers {
  private final List<String> written = new CopyOnWriteArrayList<>();

  @Override
  public void write(String jobId) {
    written.add(jobId);
  }

  public List<String> written() {
    return List.copyOf(written);
  }
}
