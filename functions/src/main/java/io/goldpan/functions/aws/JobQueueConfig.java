package io.goldpan.functions.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How job messages are sent.
 *
 * @param messageGroups whether each message carries its owner as {@code MessageGroupId}: on AWS a
 *     standard queue then shares its consumers fairly between owners (SQS fair queues); the
 *     emulators may not know the field, so it is off unless infra turns it on
 */
@ConfigurationProperties("goldpan.jobs-queue")
public record JobQueueConfig(@Bindable(defaultValue = "false") boolean messageGroups) {}
