package io.goldpan.functions.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * API key settings.
 *
 * @param bootstrapKey a full API key ({@code gp_<keyId>_<secret>}) registered at start-up, e.g.
 *     from {@code GOLDPAN_API_KEY}; empty for none
 * @param bootstrapOwner the owner the bootstrap key identifies
 */
@ConfigurationProperties("goldpan.auth")
public record AuthConfig(
    @Nullable String bootstrapKey, @NotBlank @Bindable(defaultValue = "me") String bootstrapOwner) {

  /** Hides the key from accidental logging of the configuration. */
  @Override
  public String toString() {
    String key = bootstrapKey == null || bootstrapKey.isBlank() ? "none" : "***";
    return "AuthConfig[bootstrapKey=" + key + ", bootstrapOwner=" + bootstrapOwner + "]";
  }
}
