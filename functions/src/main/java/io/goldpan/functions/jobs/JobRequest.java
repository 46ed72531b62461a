package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;

/**
 * A validated submission with defaults applied, except the seed, which stays {@code null} when the
 * caller left it to us.
 */
public record JobRequest(
    String prompt,
    @Nullable String negativePrompt,
    int count,
    @Nullable Long seed,
    int width,
    int height,
    int steps,
    double guidance,
    String model,
    @Nullable String scheduler,
    /** Where the job's events go; {@code null} for none. */
    @Nullable WebhookRequest webhook) {}
