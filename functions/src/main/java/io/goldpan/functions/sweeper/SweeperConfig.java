package io.goldpan.functions.sweeper;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The sweeper that re-sends unsent jobs and expires jobs nobody took.
 *
 * @param enabled whether a server process sweeps on a schedule (Lambda uses a scheduled rule)
 * @param interval pause between two sweeps in server mode
 * @param resendAfter how old an unsent job must be before the sweeper re-sends it (leaves the
 *     submitting request time to finish its own send)
 */
@ConfigurationProperties("goldpan.sweeper")
public record SweeperConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @NotNull @Bindable(defaultValue = "15s") Duration interval,
    @NotNull @Bindable(defaultValue = "10s") Duration resendAfter) {}
