package io.goldpan.functions.jobs;

import io.goldpan.contract.JobParameters;
import io.micronaut.core.annotation.Nullable;

/**
 * A validated submission with defaults applied (a seed drawn when the caller left it to us). Its
 * {@code init}, if any, is not yet checked to be one of the owner's stored pictures.
 *
 * @param parameters what to paint
 * @param webhook where the job's events go; {@code null} for none
 */
public record JobRequest(JobParameters parameters, @Nullable WebhookRequest webhook) {}
