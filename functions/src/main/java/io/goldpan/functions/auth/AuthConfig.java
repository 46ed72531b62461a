package io.goldpan.functions.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * API key settings.
 *
 * @param bootstrapKey a full API key ({@code gp_<keyId>_<secret>}) registered at start-up, e.g.
 *     from {@code GOLDPAN_API_KEY}; empty for none
 * @param bootstrapOwner the owner the bootstrap key identifies; an admin
 * @param admins further owners who may add friends' keys and revoke any key
 */
@ConfigurationProperties("goldpan.auth")
public record AuthConfig(
    @Nullable String bootstrapKey,
    @NotBlank @Bindable(defaultValue = "me") String bootstrapOwner,
    @Nullable List<String> admins) {

  public AuthConfig {
    admins = admins == null ? List.of() : List.copyOf(admins);
  }

  /**
   * Whether {@code owner} may add and revoke other owners' keys: the bootstrap owner, and admins.
   */
  public boolean isAdmin(String owner) {
    return owner.equals(bootstrapOwner) || admins.contains(owner);
  }

  /** Hides the key from accidental logging of the configuration. */
  @Override
  public String toString() {
    String key = bootstrapKey == null || bootstrapKey.isBlank() ? "none" : "***";
    return "AuthConfig[bootstrapKey="
        + key
        + ", bootstrapOwner="
        + bootstrapOwner
        + ", admins="
        + admins
        + "]";
  }
}
