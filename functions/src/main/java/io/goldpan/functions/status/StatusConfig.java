package io.goldpan.functions.status;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * What counts as a live runner.
 *
 * @param runnerRecent a runner whose last heartbeat is older than this is shown as asleep; twice
 *     the runner heartbeat ({@code GOLDPAN_RUNNER_HEARTBEAT}, 30 s by default)
 */
@ConfigurationProperties("goldpan.status")
public record StatusConfig(@NotNull @Bindable(defaultValue = "60s") Duration runnerRecent) {}
