package io.goldpan.functions.jobs;

/** Tells runners that a job was cancelled, through an object they check between images/steps. */
public interface CancelMarkers {

  /** Writes the marker {@link io.goldpan.contract.StorageKeys#cancelMarker(String)} of a job. */
  void write(String jobId);
}
