package io.goldpan.functions.gallery;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** The gallery columns of a {@code jobs} row: which fan-out group and style it belongs to. */
@MappedEntity(value = "jobs", escape = false)
public record GroupedJob(@Id String id, @Nullable String groupId, @Nullable String style) {}
