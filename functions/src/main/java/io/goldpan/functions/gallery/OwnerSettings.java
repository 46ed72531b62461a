package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of {@code owner_settings}: an owner's choices; an owner without a row has the defaults.
 *
 * @param sharePrompts whether share pages and the files they serve carry the prompt
 */
@MappedEntity(value = "owner_settings", escape = false)
public record OwnerSettings(@Id String owner, boolean sharePrompts) {

  /** What an owner who never chose gets: prompts shared, as they always were. */
  public static OwnerSettings defaults(String owner) {
    return new OwnerSettings(owner, true);
  }
}
