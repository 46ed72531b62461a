package io.goldpan.functions.jobs;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code job_previews}: a running job's latest preview, stored under {@link
 * io.goldpan.contract.StorageKeys#preview}.
 *
 * @param idx the image it shows
 * @param step the job's progress step it was taken at; a newer preview has a larger one
 */
@MappedEntity(value = "job_previews", escape = false)
public record JobPreview(@Id @MappedProperty("job_id") String jobId, int idx, int step) {}
