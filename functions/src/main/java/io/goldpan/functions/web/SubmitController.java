package io.goldpan.functions.web;

import io.goldpan.contract.JobLimits;
import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.gallery.GalleryConfig;
import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.Style;
import io.goldpan.functions.gallery.Styles;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.gallery.Variants;
import io.goldpan.functions.jobs.InvalidRequestException;
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
          "scheduler");

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

  /** The form; {@code from} prefills it from a job, {@code seed=keep} keeps that job's seed. */
  @Get("/new")
  public HttpResponse<String> form(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String seed) {
    Map<String, String> values = new HashMap<>();
    if (from != null && !from.isBlank()) {
      GalleryJob g = views.of(jobs.find(session.owner(), from));
      JobView job = g.job();
      String prompt = job.prompt();
      if (g.groupId() != null) {
        // The group's own prompt is the one before any style was applied.
        prompt =
            views
                .group(g.groupId(), session.owner())
                .map(grp -> Variants.count(grp.prompt()) == 1 ? grp.prompt() : job.prompt())
                .orElse(prompt);
      }
      values.put("prompt", prompt);
      values.put("negativePrompt", job.negativePrompt() == null ? "" : job.negativePrompt());
      values.put("count", Integer.toString(job.count()));
      values.put("width", Integer.toString(job.width()));
      values.put("height", Integer.toString(job.height()));
      values.put("steps", Integer.toString(job.steps()));
      values.put("guidance", Double.toString(job.guidance()));
      values.put("model", job.model());
      values.put("scheduler", job.scheduler() == null ? "" : job.scheduler());
      if ("keep".equals(seed)) {
        values.put("seed", Long.toString(job.seed()));
      }
    }
    return pages.html("submit", page(session, values, List.of(), Map.of()));
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
      return pages.html(HttpStatus.BAD_REQUEST, "submit", page(session, values, chosen, errors));
    }
  }

  /** The same prompt and settings with a new seed. */
  @Post("/jobs/{id}/more")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> more(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    JobView job = views.of(jobs.find(session.owner(), id)).job();
    Map<String, String> values = new HashMap<>();
    values.put("prompt", job.prompt());
    values.put("negativePrompt", job.negativePrompt() == null ? "" : job.negativePrompt());
    values.put("count", Integer.toString(job.count()));
    values.put("width", Integer.toString(job.width()));
    values.put("height", Integer.toString(job.height()));
    values.put("steps", Integer.toString(job.steps()));
    values.put("guidance", Double.toString(job.guidance()));
    values.put("model", job.model());
    values.put("scheduler", job.scheduler() == null ? "" : job.scheduler());
    GallerySubmit.Submitted done =
        submit.submit(session.owner(), new SubmitForm(values, List.of()));
    String to =
        done.groupId() != null
            ? "/app/groups/" + done.groupId()
            : "/app/jobs/" + done.jobs().get(0).id();
    return HttpResponse.seeOther(URI.create(to));
  }

  private Views.SubmitPage page(
      WebSession session,
      Map<String, String> values,
      List<String> chosen,
      Map<String, String> errors) {
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
    return new Views.SubmitPage(
        Views.Shell.signedIn("New", session, "new"),
        config.fanOutMax(),
        UUID.randomUUID().toString(),
        JobLimits.PROMPT_MAX_CHARS,
        shown,
        errors,
        choices,
        errors.keySet().stream().anyMatch(k -> !k.equals("prompt") && !k.equals("styles")),
        sizes(values.getOrDefault("width", "")),
        sizes(values.getOrDefault("height", "")),
        modelOptions);
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
