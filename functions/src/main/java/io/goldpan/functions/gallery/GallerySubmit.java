package io.goldpan.functions.gallery;

import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRequest;
import io.goldpan.functions.jobs.JobRequestParser;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobsConfig;
import io.goldpan.functions.jobs.RunnerModels;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private final JobService jobs;
  private final JobRequestParser parser;
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
      SecureRandom random,
      Clock clock) {
    this.jobs = jobs;
    // the same rules as the JSON API, models reported by runners included; the seed is the
    // gallery's, one for the whole fan-out
    this.parser = new JobRequestParser(jobsConfig.models(), runnerModels::recent, () -> 0);
    this.galleryJobs = galleryJobs;
    this.groups = groups;
    this.styles = styles;
    this.config = config;
    this.random = random;
    this.clock = clock;
  }

  /** Where the submission went: a group page for a fan-out, else the one job. */
  public record Submitted(@Nullable String groupId, List<Job> jobs) {}

  /**
   * One job of a fan-out before it is submitted: a prompt in a style, painting {@code count} images
   * of its row from {@code offset} on (a row of more images than a job holds is split into jobs
   * with consecutive seeds).
   */
  record Planned(String prompt, @Nullable Style style, int count, int offset) {}

  /**
   * @throws InvalidRequestException naming the fields at fault; nothing is stored then
   */
  public Submitted submit(String owner, SubmitForm form) {
    int count;
    try {
      count = count(form);
    } catch (InvalidRequestException countError) {
      throw withOtherFields(countError, form);
    }
    List<Planned> planned = plan(owner, form, count);
    // One seed for the whole fan-out, so the grid compares styles, not noise; a row split into
    // several jobs continues the seeds where the previous job stopped, so it reads as one run.
    String seedText = form.get("seed").strip();
    Long base =
        seedText.isEmpty()
            ? Long.valueOf(random.nextLong(JobLimits.SEED_MAX - count + 2))
            : parseSeed(seedText, count);
    JobParameters settings =
        parser
            .parseForm(
                fields(
                    form,
                    planned.get(0).prompt(),
                    planned.get(0).count(),
                    base == null ? seedText : base.toString()))
            .parameters();
    List<JobRequest> requests = new ArrayList<>();
    for (Planned p : planned) {
      String problem = JobRequestParser.promptProblem(p.prompt());
      if (problem != null) {
        throw InvalidRequestException.of("prompt", problem);
      }
      requests.add(new JobRequest(settings.with(p.prompt(), p.count(), base + p.offset()), null));
    }
    boolean grouped = planned.size() > 1 || !form.styles().isEmpty();
    String groupId = grouped ? UUID.randomUUID().toString() : null;
    List<Job> submitted =
        jobs.submitAll(
            owner,
            requests,
            stored -> {
              if (groupId == null) {
                return;
              }
              groups.save(new JobGroup(groupId, owner, form.get("prompt").strip(), now()));
              for (int i = 0; i < stored.size(); i++) {
                Style style = planned.get(i).style();
                galleryJobs.assignGroup(
                    stored.get(i).id(), groupId, style == null ? null : style.name());
              }
            });
    LOG.info("gallery submission: groupId={} jobs={}", groupId, submitted.size());
    return new Submitted(groupId, submitted);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  /** How many new seeds "Vary" paints from one picture. */
  public static final int VARY_COUNT = 4;

  /**
   * "Vary": a new group of one image-to-image job of {@value #VARY_COUNT} new seeds from image
   * {@code index} of {@code source}, with the source job's prompt, settings and model. The job and
   * its group are stored together, so a refusal stores neither.
   *
   * @throws InvalidRequestException for a model runners say cannot vary
   * @throws io.goldpan.functions.jobs.JobNotFoundException for a picture not stored (any more)
   */
  public Submitted vary(String owner, Job source, int index, double strength) {
    JobParameters parameters =
        source
            .parameters()
            .with(source.prompt(), VARY_COUNT, random.nextLong(JobLimits.SEED_MAX - VARY_COUNT + 2))
            .withInit(new ImageRef(source.id(), index), strength);
    String groupId = UUID.randomUUID().toString();
    Job job =
        jobs.submitAll(
                owner,
                List.of(new JobRequest(parameters, null)),
                stored -> {
                  groups.save(new JobGroup(groupId, owner, source.prompt(), now()));
                  galleryJobs.assignGroup(stored.get(0).id(), groupId, null);
                })
            .get(0);
    LOG.info("vary: groupId={} jobId={} from={}/{}", groupId, job.id(), source.id(), index);
    return new Submitted(groupId, List.of(job));
  }

  /**
   * The images asked for per prompt and style: the form's count, {@link JobLimits#COUNT_DEFAULT}
   * when blank.
   *
   * @throws InvalidRequestException naming {@code count} and its limits
   */
  public int count(SubmitForm form) {
    String text = form.get("count").strip();
    if (text.isEmpty()) {
      return JobLimits.COUNT_DEFAULT;
    }
    try {
      int count = Integer.parseInt(text);
      if (count >= JobLimits.COUNT_MIN && count <= config.countMax()) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw InvalidRequestException.of(
        "count",
        "must be an integer from "
            + JobLimits.COUNT_MIN
            + " to "
            + config.countMax()
            + " (more than "
            + JobLimits.COUNT_MAX
            + " are painted as several jobs of one group)");
  }

  /** The count's error together with whatever else the jobs API's parser finds in the form. */
  private InvalidRequestException withOtherFields(
      InvalidRequestException countError, SubmitForm form) {
    List<FieldError> fields = new ArrayList<>(countError.fields());
    try {
      parser.parseForm(
          fields(form, form.get("prompt"), JobLimits.COUNT_DEFAULT, form.get("seed").strip()));
    } catch (InvalidRequestException others) {
      others.fields().stream().filter(f -> !f.field().equals("count")).forEach(fields::add);
    }
    return new InvalidRequestException(countError.getMessage(), fields);
  }

  /**
   * How {@code count} images of one row are split into jobs: as few as the per-job limit allows, as
   * even as possible, so runners paint them side by side in about the same time.
   */
  static List<Integer> split(int count) {
    int jobs = (count + JobLimits.COUNT_MAX - 1) / JobLimits.COUNT_MAX;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sizes.add(count / jobs + (i < count % jobs ? 1 : 0));
    }
    return sizes;
  }

  /** How many jobs the form expands to, without expanding it. */
  public long jobCount(SubmitForm form, int count) {
    long variants = Variants.count(form.get("prompt"));
    long perRow = (long) Math.max(1, form.styles().size()) * split(count).size();
    return variants > Long.MAX_VALUE / perRow ? Long.MAX_VALUE : variants * perRow;
  }

  /**
   * A typed seed as a number, when it is one; {@code null} when it is not, so the jobs API's parser
   * names it.
   */
  private static Long parseSeed(String text, int count) {
    long seed;
    try {
      seed = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
    long last = JobLimits.SEED_MAX - (count - 1);
    if (seed >= 0 && seed <= JobLimits.SEED_MAX && seed > last) {
      throw InvalidRequestException.of(
          "seed",
          "must be from 0 to "
              + last
              + " for "
              + count
              + " images (image i uses seed + i, at most "
              + JobLimits.SEED_MAX
              + ")");
    }
    return seed;
  }

  private List<Planned> plan(String owner, SubmitForm form, int count) {
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
    long jobCount = jobCount(form, count);
    if (jobCount > config.fanOutMax()) {
      throw InvalidRequestException.of(
          "prompt",
          "expands to "
              + (jobCount == Long.MAX_VALUE ? "too many" : Long.toString(jobCount))
              + " jobs (variants × styles × jobs of at most "
              + JobLimits.COUNT_MAX
              + " images); at most "
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
    List<Integer> sizes = split(count);
    List<Planned> planned = new ArrayList<>();
    for (String prompt : Variants.expand(form.get("prompt"))) {
      if (chosen.isEmpty()) {
        addRow(planned, prompt, null, sizes);
      }
      for (Style style : chosen) {
        addRow(planned, style.apply(prompt), style, sizes);
      }
    }
    return planned;
  }

  private static void addRow(
      List<Planned> planned, String prompt, @Nullable Style style, List<Integer> sizes) {
    int offset = 0;
    for (int size : sizes) {
      planned.add(new Planned(prompt, style, size, offset));
      offset += size;
    }
  }

  /** The form's fields with the prompt, count and seed of one of its jobs. */
  private static Map<String, String> fields(
      SubmitForm form, String prompt, int count, String seed) {
    Map<String, String> fields = new HashMap<>(form.fields());
    fields.put("prompt", prompt);
    fields.put("count", Integer.toString(count));
    fields.put("seed", seed);
    return fields;
  }
}
