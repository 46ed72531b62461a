package io.goldpan.functions.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of the caller's jobs, newest first.
 *
 * @param jobs the jobs on this page
 * @param next opaque cursor of the next page, or {@code null} on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobPage(List<JobView> jobs, @Nullable String next) {}
