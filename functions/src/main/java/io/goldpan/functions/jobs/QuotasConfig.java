package io.goldpan.functions.jobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.util.Map;

/**
 * What each owner may ask of the runners.
 *
 * @param maxUnfinished most jobs an owner may have queued or painting at once
 * @param imagesPerDay most images an owner may ask for in any 24 hours
 * @param ownerMaxUnfinished per-owner overrides of {@code maxUnfinished}, e.g. {@code
 *     goldpan.quotas.owner-max-unfinished.alice: 500}
 * @param ownerImagesPerDay per-owner overrides of {@code imagesPerDay}
 */
@ConfigurationProperties("goldpan.quotas")
public record QuotasConfig(
    @Min(1) @Bindable(defaultValue = "200") int maxUnfinished,
    @Min(1) @Bindable(defaultValue = "2000") int imagesPerDay,
    @Nullable Map<String, Integer> ownerMaxUnfinished,
    @Nullable Map<String, Integer> ownerImagesPerDay) {

  public QuotasConfig {
    ownerMaxUnfinished = ownerMaxUnfinished == null ? Map.of() : Map.copyOf(ownerMaxUnfinished);
    ownerImagesPerDay = ownerImagesPerDay == null ? Map.of() : Map.copyOf(ownerImagesPerDay);
  }

  public int maxUnfinished(String owner) {
    return ownerMaxUnfinished.getOrDefault(owner, maxUnfinished);
  }

  public int imagesPerDay(String owner) {
    return ownerImagesPerDay.getOrDefault(owner, imagesPerDay);
  }
}
