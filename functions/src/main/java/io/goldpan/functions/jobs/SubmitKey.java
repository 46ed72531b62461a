package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code submit_keys}: one {@code Idempotency-Key} an owner sent with a submission.
 *
 * @param id SHA-256 (hex) of the owner and the key
 * @param requestHash SHA-256 (hex) of the request it came with
 * @param jobId the job the submission stores, chosen before it is stored
 * @param result where a finished web submission went (a page path); null while it runs
 */
@MappedEntity(value = "submit_keys", escape = false)
public record SubmitKey(
    @Id String id,
    String owner,
    String requestHash,
    @Nullable String jobId,
    @Nullable String result,
    Instant createdAt) {}
