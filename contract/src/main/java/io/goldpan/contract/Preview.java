package io.goldpan.contract;

/**
 * A running job's latest preview: a small JPEG of an image as it forms, stored under {@link
 * StorageKeys#preview} (each one replaces the last).
 *
 * @param index the image it shows, from 0
 * @param step the job's progress step it was taken at (as {@link RunnerEvent#step()} counts): a
 *     newer preview has a larger one
 */
public record Preview(int index, int step) {}
