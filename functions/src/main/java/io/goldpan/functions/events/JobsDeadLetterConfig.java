package io.goldpan.functions.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The jobs queue's dead-letter queue, where SQS moves a job message after {@code maxReceiveCount}
 * deliveries that no runner finished.
 *
 * @param queue the dead-letter queue: a queue URL or a name resolved once
 * @param maxReceiveCount the jobs queue's redrive {@code maxReceiveCount}; only quoted in the
 *     reason a failed job shows, so keep it equal to what the queue was created with
 * @param pollerEnabled whether a server process polls the dead-letter queue (Lambda never does)
 */
@ConfigurationProperties("goldpan.jobs-dead-letter")
public record JobsDeadLetterConfig(
    @NotBlank @Bindable(defaultValue = "goldpan-jobs-dlq") String queue,
    @Min(1) @Bindable(defaultValue = "3") int maxReceiveCount,
    @Bindable(defaultValue = "true") boolean pollerEnabled) {}
