package io.goldpan.functions.web;

import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.gallery.GalleryConfig;
import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.Style;
import io.goldpan.functions.gallery.Styles;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.gallery.Variants;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.jobs.JobsConfig;
import io.goldpan.functions.jobs.SubmitKeys;
import io.goldpan.functions.status.RunnerStatus;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The submit form (with styles and variants), and "more like this". */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SubmitController {
  private static final List<String> FIELDS =
      List.of(
          "prompt",
          "negativePrompt",
          "count",
          "seed",
          "width",
          "height",
          "steps",
          "guidance",
          "model",
          "scheduler",
          "decoder");

  /** The count picker's buttons; "Other" takes any count up to the configured maximum. */
  private static final List<Integer> COUNTS = List.of(4, 8, 16, 20, 40);

  private static final String COUNT_OTHER = "other";
  private static final String COUNT_OTHER_FIELD = "countOther";

  /** The form's one-time key: submitting the same rendered form twice makes one submission. */
  static final String IDEMPOTENCY_FIELD = "idempotencyKey";

  private final GallerySubmit submit;
  private final SubmitKeys submitKeys;
  private final Styles styles;
  private final JobService jobs;
  private final GalleryViews views;
  private final JobsConfig jobsConfig;
  private final RunnerStatus status;
  private final GalleryConfig config;
  private final Pages pages;

  public SubmitController(
      GallerySubmit submit,
      SubmitKeys submitKeys,
      Styles styles,
      JobService jobs,
      GalleryViews views,
      JobsConfig jobsConfig,
      RunnerStatus status,
      GalleryConfig config,
      Pages pages) {
    this.submit = submit;
    this.submitKeys = submitKeys;
    this.styles = styles;
    this.jobs = jobs;
    this.views = views;
    this.jobsConfig = jobsConfig;
    this.status = status;
    this.config = config;
    this.pages = pages;
  }

  /**
   * The form. Without {@code from} it starts from the settings (not the prompt) of the owner's
   * newest job. {@code from} prefills it from that job; {@code image} takes that image's own seed
   * (job seed + index), so the image paints again; {@code pick=styles} is "same seed, other
   * styles": the style picker first, no style checked, and with an image one image per style.
   * {@code seed=keep} (old links) keeps the job's seed.
   */
  @Get("/new")
  public HttpResponse<String> form(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String image,
      @QueryValue @Nullable String pick,
      @QueryValue @Nullable String seed) {
    Map<String, String> values = new HashMap<>();
    List<String> chosen = List.of();
    String notice = null;
    if (from != null && !from.isBlank()) {
      GalleryJob g = views.of(jobs.find(session.owner(), from));
      JobView job = g.job();
      Integer index = null;
      if (image != null) {
        index = imageIndex(image);
        if (index == null) {
          return notice(
              HttpStatus.BAD_REQUEST,
              session,
              "Which image?",
              "image must be an image number from 0 to "
                  + (job.parameters().count() - 1)
                  + " of this job.",
              job.id());
        }
        if (index >= job.parameters().count()) {
          return notice(
              HttpStatus.NOT_FOUND,
              session,
              "No such image",
              "This job has "
                  + job.parameters().count()
                  + " images, numbered 0 to "
                  + (job.parameters().count() - 1)
                  + ".",
              job.id());
        }
      } else if ("keep".equals(seed)) {
        index = 0;
      }
      values.putAll(settings(session.owner(), g));
      Optional<Style> own = ownStyle(session.owner(), g);
      values.put("prompt", basePrompt(session.owner(), g, own));
      if (index != null) {
        values.put("seed", Long.toString(job.parameters().seed() + index));
      }
      if ("styles".equals(pick)) {
        if (index != null) {
          // one image per style: the picked image's own seed, nothing else
          values.put("count", "1");
        }
        notice =
            index == null
                ? "Pick the styles to paint this prompt in."
                : "Seed "
                    + (job.parameters().seed() + index)
                    + " of image "
                    + (index + 1)
                    + ": pick the styles to paint it in"
                    + own.map(s -> " (it was " + s.name() + ")").orElse("")
                    + ".";
      } else {
        chosen = own.map(s -> List.of(s.key())).orElse(List.of());
      }
    } else {
      views
          .latest(session.owner())
          .map(views::of)
          .ifPresent(g -> values.putAll(settings(session.owner(), g)));
    }
    return pages.html("submit", page(session, values, chosen, Map.of(), notice));
  }

  /** The settings of {@code g} to submit again: its row's whole count, not the count of one job. */
  private Map<String, String> settings(String owner, GalleryJob g) {
    JobView job = g.job();
    Map<String, String> values = new HashMap<>();
    values.put(
        "negativePrompt",
        job.parameters().negativePrompt() == null ? "" : job.parameters().negativePrompt());
    int count = views.row(owner, g).stream().mapToInt(j -> j.count()).sum();
    values.put("count", Integer.toString(Math.max(count, job.parameters().count())));
    values.put("width", Integer.toString(job.parameters().width()));
    values.put("height", Integer.toString(job.parameters().height()));
    values.put("steps", Integer.toString(job.parameters().steps()));
    values.put("guidance", Double.toString(job.parameters().guidance()));
    values.put("model", job.parameters().model());
    values.put(
        "scheduler", job.parameters().scheduler() == null ? "" : job.parameters().scheduler());
    values.put(
        "decoder",
        job.parameters().fastDecoder() ? JobParameters.FAST_DECODER : JobParameters.FULL_DECODER);
    return values;
  }

  /** The style the job was painted in, when the owner still has it. */
  private Optional<Style> ownStyle(String owner, GalleryJob g) {
    if (g.style() == null) {
      return Optional.empty();
    }
    return styles.available(owner).stream()
        .filter(s -> s.name().equals(g.style()))
        .filter(s -> s.unapply(g.job().parameters().prompt()).isPresent())
        .findFirst();
  }

  /** The job's prompt before its style was applied. */
  private String basePrompt(String owner, GalleryJob g, Optional<Style> own) {
    if (own.isPresent()) {
      return own.get().unapply(g.job().parameters().prompt()).orElseThrow();
    }
    if (g.groupId() != null && g.style() != null) {
      // A style since deleted: the group's own prompt is the one before any style was applied.
      return views
          .group(g.groupId(), owner)
          .filter(grp -> Variants.count(grp.prompt()) == 1)
          .map(JobGroup::prompt)
          .orElse(g.job().parameters().prompt());
    }
    return g.job().parameters().prompt();
  }

  private static Integer imageIndex(String image) {
    try {
      int index = Integer.parseInt(image.strip());
      return index >= 0 ? index : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private HttpResponse<String> notice(
      HttpStatus status, WebSession session, String heading, String text, String jobId) {
    return pages.html(
        status,
        "notice",
        new Views.Notice(
            Views.Shell.signedIn(heading, session),
            heading,
            text,
            "/app/jobs/" + jobId,
            "Back to the job"));
  }

  @Post("/jobs")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> create(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody body = FormBody.of(request);
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : FIELDS) {
      values.put(name, body.get(name));
    }
    if (COUNT_OTHER.equals(values.get("count"))) {
      // "Other": the typed count; left blank, it is reported like any count that is no number.
      String typed = body.get(COUNT_OTHER_FIELD).strip();
      values.put("count", typed.isEmpty() ? COUNT_OTHER : typed);
    }
    List<String> chosen = List.copyOf(new LinkedHashSet<>(body.all("style")));
    SubmitForm form = new SubmitForm(values, chosen);
    String key = body.get(IDEMPOTENCY_FIELD);
    SubmitKeys.Claimed claimed = null;
    try {
      if (!key.isEmpty()) {
        // A double tap, or a retry after a lost answer, lands on the first submission's page.
        SubmitKeys.Claim claim =
            submitKeys.claim(session.owner(), key, new TreeMap<>(values) + " " + chosen, null);
        if (claim instanceof SubmitKeys.Replay replay && replay.result() != null) {
          return HttpResponse.seeOther(URI.create(replay.result()));
        }
        claimed = (SubmitKeys.Claimed) claim;
      }
      GallerySubmit.Submitted done = submit.submit(session.owner(), form);
      String to =
          done.groupId() != null
              ? "/app/groups/" + done.groupId()
              : "/app/jobs/" + done.jobs().get(0).id();
      if (claimed != null) {
        submitKeys.complete(claimed, to);
      }
      return HttpResponse.seeOther(URI.create(to));
    } catch (InvalidRequestException e) {
      if (claimed != null) {
        submitKeys.release(claimed);
      }
      Map<String, String> errors = new LinkedHashMap<>();
      for (FieldError f : e.fields()) {
        errors.putIfAbsent(f.field(), f.message());
      }
      if (errors.isEmpty()) {
        errors.put("prompt", e.getMessage());
      }
      return pages.html(
          HttpStatus.BAD_REQUEST, "submit", page(session, values, chosen, errors, null));
    }
  }

  /**
   * The form prefilled from image {@code index} of a job, with that image's seed; {@code
   * otherStyles}: "same seed, other styles".
   */
  static String iterateHref(String jobId, int index, boolean otherStyles) {
    return "/app/new?from=" + jobId + "&image=" + index + (otherStyles ? "&pick=styles" : "");
  }

  /** The same prompt and settings (the whole row's count) with new seeds. */
  @Post("/jobs/{id}/more")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> more(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    GalleryJob g = views.of(jobs.find(session.owner(), id));
    Map<String, String> values = new HashMap<>(settings(session.owner(), g));
    values.put("prompt", g.job().parameters().prompt());
    GallerySubmit.Submitted done =
        submit.submit(session.owner(), new SubmitForm(values, List.of()));
    String to =
        done.groupId() != null
            ? "/app/groups/" + done.groupId()
            : "/app/jobs/" + done.jobs().get(0).id();
    return HttpResponse.seeOther(URI.create(to));
  }

  /** "Vary (subtle)" and "Vary (strong)": how much of the picture the new images repaint. */
  static final Map<String, Double> VARY_STRENGTHS = Map.of("subtle", 0.35, "strong", 0.7);

  /**
   * "Vary": a new group, the picture first, then {@value GallerySubmit#VARY_COUNT} new seeds
   * painted from it with the job's prompt and settings.
   */
  @Post("/images/{id}/{index}/vary")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> vary(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id,
      @PathVariable String index,
      HttpRequest<?> request) {
    Job source = jobs.find(session.owner(), id);
    Integer at = imageIndex(index);
    if (at == null || at >= source.count()) {
      throw new JobNotFoundException(id);
    }
    Double strength = VARY_STRENGTHS.get(FormBody.of(request).get("strength").strip());
    if (strength == null) {
      return notice(
          HttpStatus.BAD_REQUEST,
          session,
          "Vary how much?",
          "strength must be subtle ("
              + VARY_STRENGTHS.get("subtle")
              + ") or strong ("
              + VARY_STRENGTHS.get("strong")
              + ").",
          id);
    }
    try {
      GallerySubmit.Submitted done = submit.vary(session.owner(), source, at, strength);
      return HttpResponse.seeOther(URI.create("/app/groups/" + done.groupId()));
    } catch (InvalidRequestException e) {
      return notice(
          HttpStatus.BAD_REQUEST, session, "Cannot vary this image", e.getMessage() + ".", id);
    }
  }

  private Views.SubmitPage page(
      WebSession session,
      Map<String, String> values,
      List<String> chosen,
      Map<String, String> errors,
      @Nullable String pickNotice) {
    Set<String> picked = new LinkedHashSet<>(chosen);
    List<Views.StyleChoice> choices = new ArrayList<>();
    for (Style style : styles.available(session.owner())) {
      choices.add(
          new Views.StyleChoice(
              "style-" + choices.size(), style.key(), style.name(), picked.contains(style.key())));
    }
    Set<String> models = new LinkedHashSet<>(jobsConfig.models());
    models.addAll(status.reportedModels());
    String model = values.getOrDefault("model", "");
    List<Views.Option> modelOptions =
        models.stream()
            .map(
                m ->
                    new Views.Option(
                        m, m + ("demo".equals(m) ? " (built-in demo)" : ""), m.equals(model)))
            .toList();
    Map<String, String> shown = new HashMap<>();
    values.forEach((k, v) -> shown.put(k, v == null ? "" : v));
    String count = shown.getOrDefault("count", "").strip();
    if (count.isEmpty()) {
      count = Integer.toString(JobLimits.COUNT_DEFAULT);
    }
    List<Views.CountChoice> counts = new ArrayList<>();
    for (int preset : COUNTS) {
      if (preset <= config.countMax()) {
        counts.add(
            new Views.CountChoice(
                "count-" + preset, preset, count.equals(Integer.toString(preset))));
      }
    }
    boolean other = counts.stream().noneMatch(Views.CountChoice::checked);
    String countOther = other && !count.equals(COUNT_OTHER) ? count : "";
    return new Views.SubmitPage(
        Views.Shell.signedIn("New", session, "new"),
        config.fanOutMax(),
        UUID.randomUUID().toString(),
        JobLimits.PROMPT_MAX_CHARS,
        shown,
        errors,
        choices,
        errors.keySet().stream().anyMatch(k -> !List.of("prompt", "styles", "count").contains(k)),
        sizes(values.getOrDefault("width", "")),
        sizes(values.getOrDefault("height", "")),
        modelOptions,
        counts,
        countOther,
        config.countMax(),
        pickNotice);
  }

  /** The sizes a runner accepts, the current one selected (or added when it is none of them). */
  private static List<Views.Option> sizes(String value) {
    String current =
        value == null || value.isEmpty() ? Integer.toString(JobLimits.SIZE_DEFAULT) : value;
    List<Views.Option> options = new ArrayList<>();
    boolean matched = false;
    for (int px = JobLimits.SIZE_MIN; px <= JobLimits.SIZE_MAX; px += JobLimits.SIZE_STEP) {
      String text = Integer.toString(px);
      matched |= text.equals(current);
      options.add(new Views.Option(text, text, text.equals(current)));
    }
    if (!matched) {
      options.add(new Views.Option(current, current, true));
    }
    return options;
  }
}
