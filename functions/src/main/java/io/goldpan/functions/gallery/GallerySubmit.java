package io.goldpan.functions.gallery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goldpan.contract.JobLimits;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRequestParser;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobsConfig;
import io.goldpan.functions.jobs.Quotas;
import io.goldpan.functions.jobs.RunnerModels;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the gallery form: expands variants and styles into jobs, checks every one of them with
 * the jobs API's own parser before any is stored, then submits them through {@link JobService}.
 */
@Singleton
public class GallerySubmit {
  private static final Logger LOG = LoggerFactory.getLogger(GallerySubmit.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NUMBERS =
      List.of("count", "seed", "width", "height", "steps", "guidance");
  private static final List<String> TEXTS = List.of("negativePrompt", "model", "scheduler");

  private final JobService jobs;
  private final JobRequestParser parser;
  private final Quotas quotas;
  private final GalleryJobs galleryJobs;
  private final JobGroupRepository groups;
  private final Styles styles;
  private final GalleryConfig config;
  private final SecureRandom random;
  private final Clock clock;

  public GallerySubmit(
      JobService jobs,
      JobsConfig jobsConfig,
      RunnerModels runnerModels,
      GalleryJobs galleryJobs,
      JobGroupRepository groups,
      Styles styles,
      GalleryConfig config,
      Quotas quotas,
      SecureRandom random,
      Clock clock) {
    this.jobs = jobs;
    this.quotas = quotas;
    // the same rules as the JSON API, models reported by runners included
    this.parser = new JobRequestParser(jobsConfig.models(), runnerModels::recent);
    this.galleryJobs = galleryJobs;
    this.groups = groups;
    this.styles = styles;
    this.config = config;
    this.random = random;
    this.clock = clock;
  }

  /** Where the submission went: a group page for a fan-out, else the one job. */
  public record Submitted(@Nullable String groupId, List<Job> jobs) {}

  /** One job of a fan-out before it is submitted. */
  record Planned(String prompt, @Nullable Style style) {}

  /**
   * @throws InvalidRequestException naming the fields at fault; nothing is stored then
   */
  public Submitted submit(String owner, SubmitForm form) {
    List<Planned> planned = plan(owner, form);
    // One seed for the whole fan-out, so the grid compares styles, not noise.
    String seed = form.get("seed").strip();
    if (seed.isEmpty()) {
      seed = Long.toString(random.nextLong(JobLimits.SEED_MAX + 1));
    }
    List<String> bodies = new ArrayList<>();
    long images = 0;
    for (Planned p : planned) {
      String body = body(form, p.prompt(), seed);
      images += parser.parse(body).count();
      bodies.add(body);
    }
    // The whole fan-out fits the owner's quotas, or none of it is stored.
    quotas.check(owner, bodies.size(), images);
    boolean grouped = planned.size() > 1 || !form.styles().isEmpty();
    String groupId = null;
    if (grouped) {
      groupId = UUID.randomUUID().toString();
      groups.save(
          new JobGroup(
              groupId,
              owner,
              form.get("prompt").strip(),
              Instant.now(clock).truncatedTo(ChronoUnit.MILLIS)));
    }
    List<Job> submitted = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      Job job = jobs.submit(owner, bodies.get(i));
      if (groupId != null) {
        Style style = planned.get(i).style();
        galleryJobs.assignGroup(job.id(), groupId, style == null ? null : style.name());
      }
      submitted.add(job);
    }
    LOG.info("gallery submission: groupId={} jobs={}", groupId, submitted.size());
    return new Submitted(groupId, submitted);
  }

  /** How many jobs the form expands to, without expanding it; the rule app.js repeats. */
  public long jobCount(SubmitForm form) {
    long variants = Variants.count(form.get("prompt"));
    int styleCount = Math.max(1, form.styles().size());
    return variants > Long.MAX_VALUE / styleCount ? Long.MAX_VALUE : variants * styleCount;
  }

  private List<Planned> plan(String owner, SubmitForm form) {
    // First, so nothing scans an unbounded template. Choices are stripped, so short jobs can come
    // from a template the group cannot hold.
    int length = form.get("prompt").strip().length();
    if (length > JobGroup.PROMPT_MAX_CHARS) {
      throw InvalidRequestException.of(
          "prompt",
          "must be at most "
              + JobGroup.PROMPT_MAX_CHARS
              + " characters before its {a|b} variants are expanded (got "
              + length
              + ")");
    }
    long count = jobCount(form);
    if (count > config.fanOutMax()) {
      throw InvalidRequestException.of(
          "prompt",
          "expands to "
              + (count == Long.MAX_VALUE ? "too many" : Long.toString(count))
              + " jobs (variants × styles); at most "
              + config.fanOutMax()
              + " per submission");
    }
    List<Style> chosen = new ArrayList<>();
    for (String key : form.styles()) {
      chosen.add(
          styles
              .find(owner, key)
              .orElseThrow(() -> InvalidRequestException.of("styles", "has an unknown style")));
    }
    List<Planned> planned = new ArrayList<>();
    for (String prompt : Variants.expand(form.get("prompt"))) {
      if (chosen.isEmpty()) {
        planned.add(new Planned(prompt, null));
      }
      for (Style style : chosen) {
        planned.add(new Planned(style.apply(prompt), style));
      }
    }
    return planned;
  }

  private static String body(SubmitForm form, String prompt, String seed) {
    ObjectNode body = JSON.createObjectNode();
    body.put("prompt", prompt);
    for (String name : TEXTS) {
      String value = form.get(name);
      if (!value.isEmpty()) {
        body.put(name, value);
      }
    }
    for (String name : NUMBERS) {
      String value = name.equals("seed") ? seed : form.get(name).strip();
      if (!value.isEmpty()) {
        putNumber(body, name, value);
      }
    }
    return body.toString();
  }

  /** A number as a JSON number; anything else as text, so the parser names the field. */
  private static void putNumber(ObjectNode body, String name, String value) {
    try {
      body.put(name, Long.parseLong(value));
      return;
    } catch (NumberFormatException e) {
      // not an integer; maybe a decimal
    }
    try {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        body.put(name, d);
        return;
      }
    } catch (NumberFormatException e) {
      // reported by the parser as the wrong type
    }
    body.put(name, value);
  }
}
