package io.goldpan.functions.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Web sign-in settings.
 *
 * @param sessionTtl how long a browser stays signed in after entering its API key
 */
@ConfigurationProperties("goldpan.web")
public record WebConfig(@NotNull @Bindable(defaultValue = "7d") Duration sessionTtl) {}
