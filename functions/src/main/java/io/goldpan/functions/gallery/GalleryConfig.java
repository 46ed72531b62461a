package io.goldpan.functions.gallery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Gallery limits.
 *
 * @param fanOutMax the most jobs one submission may expand to (variants times styles)
 * @param shareDefault lifetime of a share link when the owner does not choose one
 * @param shareMax the longest a share link may live
 * @param pageSize jobs per gallery page
 * @param countMax the most images one form submission may ask for per prompt and style; a count
 *     above the per-job limit ({@link io.goldpan.contract.JobLimits#COUNT_MAX}) is painted as
 *     several jobs of one group with consecutive seeds
 */
@ConfigurationProperties("goldpan.gallery")
public record GalleryConfig(
    @Min(1) @Max(500) @Bindable(defaultValue = "50") int fanOutMax,
    @NotNull @Bindable(defaultValue = "7d") Duration shareDefault,
    @NotNull @Bindable(defaultValue = "30d") Duration shareMax,
    @Min(1) @Max(100) @Bindable(defaultValue = "24") int pageSize,
    @Min(1) @Max(400) @Bindable(defaultValue = "40") int countMax) {}
