package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code job_groups}: one fan-out submission (a prompt in several styles or variants). */
@MappedEntity(value = "job_groups", escape = false)
public record JobGroup(@Id String id, String owner, String prompt, Instant createdAt) {
  /** The longest prompt (the template, before expansion) the {@code prompt} column holds. */
  public static final int PROMPT_MAX_CHARS = 4000;
}
