package io.goldpan.functions.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * The private S3 bucket holding images, thumbnails and cancel markers.
 *
 * @param bucket bucket name ({@code goldpan.bucket})
 */
@ConfigurationProperties("goldpan")
public record BucketConfig(@NotBlank @Bindable(defaultValue = "goldpan") String bucket) {}
