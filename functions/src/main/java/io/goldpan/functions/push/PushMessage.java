package io.goldpan.functions.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code push_messages}: one notification for one device about a finished job or group.
 *
 * @param subject {@code job} or {@code group}
 * @param subjectId the job's or the group's id
 */
@MappedEntity(value = "push_messages", escape = false)
public record PushMessage(
    @Id String id,
    String subscriptionId,
    String subject,
    String subjectId,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    @Nullable Integer lastStatus,
    @Nullable String lastError) {
  static final String JOB = "job";
  static final String GROUP = "group";

  /** PENDING until the push service takes it (DELIVERED) or the last attempt fails (FAILED). */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }
}
