package io.goldpan.functions.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * The events queue's dead-letter queue, where SQS moves a runner event the functions could not
 * apply {@code maxReceiveCount} times (the database was down, say). The runner deleted the job's
 * message once that event was sent, so this queue holds the only record of a job's result: it is
 * consumed like the events queue, and a message that still cannot be applied stays for another try.
 *
 * @param queue the dead-letter queue: a queue URL or a name resolved once
 * @param pollerEnabled whether a server process polls it (Lambda reads it through a trigger)
 */
@ConfigurationProperties("goldpan.events-dead-letter")
public record EventsDeadLetterConfig(
    @NotBlank @Bindable(defaultValue = "goldpan-events-dlq") String queue,
    @Bindable(defaultValue = "true") boolean pollerEnabled) {}
