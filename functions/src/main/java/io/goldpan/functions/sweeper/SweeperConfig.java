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
 * @param staleRunning how long a RUNNING job may go without any event (started, progress) before
 *     the sweeper fails it. Runners report progress at least every few minutes while they work
 *     (GOLDPAN_PROGRESS_INTERVAL, 5 min by default), so 2 h of silence means the job is lost, not
 *     slow; it only backs up the dead-letter queue, which fails crashed jobs far sooner.
 * @param discardedGrace how long a discarded image stays undoable before the sweeper deletes it
 *     from the bucket (purging the discarded view does it at once)
 * @param cancelledGrace how long after a cancel the sweeper waits for the runner to stop before it
 *     deletes what the job left in the bucket (images stored after the cancel, the cancel marker)
 */
@ConfigurationProperties("goldpan.sweeper")
public record SweeperConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @NotNull @Bindable(defaultValue = "15s") Duration interval,
    @NotNull @Bindable(defaultValue = "10s") Duration resendAfter,
    @NotNull @Bindable(defaultValue = "2h") Duration staleRunning,
    @NotNull @Bindable(defaultValue = "14d") Duration discardedGrace,
    @NotNull @Bindable(defaultValue = "15m") Duration cancelledGrace) {}
