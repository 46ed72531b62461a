package io.goldpan.contract;

/**
 * Where a job's time went on the runner, in milliseconds.
 *
 * @param queueMs from submission to the runner receiving the message
 * @param inferenceMs inside the model (all images)
 * @param uploadMs encoding and uploading images
 * @param totalMs from receiving the message to the last upload
 */
public record Timings(long queueMs, long inferenceMs, long uploadMs, long totalMs) {}
