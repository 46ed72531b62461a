package io.goldpan.functions.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * The two SQS queues, each a full queue URL ({@code http://} or {@code https://}) or a queue name
 * resolved once.
 *
 * @param jobs queue the API sends jobs to and runners poll
 * @param events queue runners report to and the functions consume
 */
@ConfigurationProperties("goldpan.queues")
public record QueuesConfig(
    @NotBlank @Bindable(defaultValue = "goldpan-jobs") String jobs,
    @NotBlank @Bindable(defaultValue = "goldpan-events") String events) {}
