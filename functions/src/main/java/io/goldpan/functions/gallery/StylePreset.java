package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code style_presets}: an owner's own style, a template with {@code {prompt}}. */
@MappedEntity(value = "style_presets", escape = false)
public record StylePreset(
    @Id String id, String owner, String name, String template, Instant createdAt) {}
