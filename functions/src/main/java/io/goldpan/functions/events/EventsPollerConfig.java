package io.goldpan.functions.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Server-mode consumption of the events queue.
 *
 * @param enabled whether a server process polls the events queue (Lambda never does)
 */
@ConfigurationProperties("goldpan.events.poller")
public record EventsPollerConfig(@Bindable(defaultValue = "true") boolean enabled) {}
