package io.goldpan.functions.auth;

import io.goldpan.functions.auth.internal.KeyFormat;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the configured bootstrap key ({@code goldpan.auth.bootstrap-key}) at start-up, so a
 * fresh install has one working key. A malformed key stops the start-up.
 */
@Singleton
public class BootstrapKey implements ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapKey.class);

  private final AuthConfig config;
  private final ApiKeys apiKeys;

  public BootstrapKey(AuthConfig config, ApiKeys apiKeys) {
    this.config = config;
    this.apiKeys = apiKeys;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    String key = config.bootstrapKey();
    if (key == null || key.isBlank()) {
      return;
    }
    if (KeyFormat.parse(key.trim()).isEmpty()) {
      throw new InvalidApiKeyException(
          "goldpan.auth.bootstrap-key (env GOLDPAN_API_KEY) is not a Goldpan API key: expected "
              + KeyFormat.DESCRIPTION
              + "; leave it empty, or create one with ApiKeys.create");
    }
    apiKeys.ensure(config.bootstrapOwner(), key.trim());
    LOG.info("bootstrap API key registered for owner={}", config.bootstrapOwner());
  }
}
