package io.goldpan.functions.status;

import io.goldpan.functions.gallery.GalleryJobs;
import io.goldpan.functions.jobs.Quotas;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Puts together runner heartbeats, the jobs queue depth and the caller's queued count. */
@Singleton
public class RunnerStatus {
  private final RunnerRepository runners;
  private final GalleryJobs jobs;
  private final QueueDepth queueDepth;
  private final StatusConfig config;
  private final Clock clock;
  private final Quotas quotas;

  public RunnerStatus(
      RunnerRepository runners,
      GalleryJobs jobs,
      QueueDepth queueDepth,
      StatusConfig config,
      Quotas quotas,
      Clock clock) {
    this.quotas = quotas;
    this.runners = runners;
    this.jobs = jobs;
    this.queueDepth = queueDepth;
    this.config = config;
    this.clock = clock;
  }

  public StatusView of(String owner) {
    List<StatusView.RunnerView> recent = recentRunners();
    OptionalLong depth = queueDepth.approximateMessages();
    return new StatusView(
        recent,
        !recent.isEmpty(),
        depth.isPresent() ? depth.getAsLong() : null,
        jobs.countQueued(owner),
        quota(owner));
  }

  private StatusView.QuotaView quota(String owner) {
    Quotas.Usage usage = quotas.usage(owner);
    return new StatusView.QuotaView(
        usage.unfinished(), usage.maxUnfinished(), usage.imagesToday(), usage.imagesPerDay());
  }

  /** Models any recently seen runner reported, in the order first seen. */
  public Set<String> reportedModels() {
    Set<String> models = new LinkedHashSet<>();
    recentRunners().forEach(r -> models.addAll(r.models()));
    return models;
  }

  private List<StatusView.RunnerView> recentRunners() {
    Instant since = Instant.now(clock).minus(config.runnerRecent());
    return StreamSupport.stream(runners.findAll().spliterator(), false)
        .filter(r -> !r.lastSeenAt().isBefore(since))
        .sorted(Comparator.comparing(KnownRunner::lastSeenAt).reversed())
        .map(
            r ->
                new StatusView.RunnerView(
                    r.runnerId(), r.lastSeenAt(), models(r.models()), r.executionProvider()))
        .toList();
  }

  private static List<String> models(String stored) {
    return Arrays.stream(stored.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
