package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

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

  public SubmitController(
      GallerySubmit submit,
      SubmitKeys submitKeys,
      Styles styles,
      JobService jobs,
      GalleryViews views,
      JobsConfig jobsConfig,
      RunnerStatus status,
      GalleryConfig config) {
    this.submit = submit;
    this.submitKeys = submitKeys;
    this.styles = styles;
    this.jobs = jobs;
    this.views = views;
    this.jobsConfig = jobsConfig;
    this.status = status;
    this.config = config;
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
    return Layout.html(page(session, values, List.of(), Map.of()));
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
      return Layout.html(HttpStatus.BAD_REQUEST, page(session, values, chosen, errors));
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

  private String page(
      WebSession session,
      Map<String, String> values,
      List<String> chosen,
      Map<String, String> errors) {
    StringBuilder f = new StringBuilder();
    f.append("<h1>Pan for gold</h1>");
    if (!errors.isEmpty()) {
      f.append("<p class=\"error\" role=\"alert\">Please fix the ")
          .append(errors.size())
          .append(errors.size() == 1 ? " field" : " fields")
          .append(" marked below.</p>");
    }
    f.append("<form method=\"post\" action=\"/app/jobs\" class=\"stack submit\" data-max=\"")
        .append(config.fanOutMax())
        .append("\">")
        .append(Layout.csrfField(session))
        .append("<input type=\"hidden\" name=\"")
        .append(IDEMPOTENCY_FIELD)
        .append("\" value=\"")
        .append(UUID.randomUUID())
        .append("\">");
    f.append(label("prompt", "Prompt", errors))
        .append("<textarea id=\"prompt\" name=\"prompt\" rows=\"3\" required maxlength=\"")
        .append(JobLimits.PROMPT_MAX_CHARS)
        .append('"')
        .append(
            errors.containsKey("prompt")
                ? " aria-invalid=\"true\" aria-describedby=\"prompt-error prompt-hint\""
                : " aria-describedby=\"prompt-hint\"")
        .append('>')
        .append(esc(values.getOrDefault("prompt", "")))
        .append("</textarea>")
        .append(
            "<p class=\"hint\" id=\"prompt-hint\">Variants: <code>{red|blue} fox</code> makes one"
                + " job per choice.</p>")
        .append(error("prompt", errors));
    f.append("<fieldset class=\"styles\"><legend>Styles (one job per style)</legend>");
    Set<String> picked = new LinkedHashSet<>(chosen);
    int i = 0;
    for (Style style : styles.available(session.owner())) {
      String id = "style-" + i++;
      f.append("<label for=\"")
          .append(id)
          .append("\"><input type=\"checkbox\" id=\"")
          .append(id)
          .append("\" name=\"style\" value=\"")
          .append(esc(style.key()))
          .append('"')
          .append(picked.contains(style.key()) ? " checked" : "")
          .append("> ")
          .append(esc(style.name()))
          .append("</label>");
    }
    f.append("</fieldset>").append(error("styles", errors));
    f.append("<p class=\"jobcount\"><output id=\"jobcount\" for=\"prompt\">1 job</output></p>");
    f.append("<details")
        .append(
            errors.keySet().stream().anyMatch(k -> !k.equals("prompt") && !k.equals("styles"))
                ? " open"
                : "")
        .append("><summary>Settings</summary>");
    f.append(label("negativePrompt", "Negative prompt", errors))
        .append("<input id=\"negativePrompt\" name=\"negativePrompt\" value=\"")
        .append(esc(values.getOrDefault("negativePrompt", "")))
        .append('"')
        .append(described("negativePrompt", errors))
        .append('>')
        .append(error("negativePrompt", errors));
    number(f, "count", "Images per job", values, errors, "4");
    number(f, "seed", "Seed (blank: random)", values, errors, "");
    sizeSelect(f, "width", "Width", values, errors);
    sizeSelect(f, "height", "Height", values, errors);
    number(f, "steps", "Steps", values, errors, "");
    number(f, "guidance", "Guidance", values, errors, "");
    Set<String> models = new LinkedHashSet<>(jobsConfig.models());
    models.addAll(status.reportedModels());
    String model = values.getOrDefault("model", "");
    f.append(label("model", "Model", errors))
        .append("<select id=\"model\" name=\"model\"")
        .append(described("model", errors))
        .append('>');
    for (String m : models) {
      f.append("<option value=\"")
          .append(esc(m))
          .append('"')
          .append(m.equals(model) ? " selected" : "")
          .append('>')
          .append(esc(m))
          .append("demo".equals(m) ? " (built-in demo)" : "")
          .append("</option>");
    }
    f.append("</select>").append(error("model", errors));
    f.append(label("scheduler", "Scheduler (blank: the model's own)", errors))
        .append("<input id=\"scheduler\" name=\"scheduler\" value=\"")
        .append(esc(values.getOrDefault("scheduler", "")))
        .append('"')
        .append(described("scheduler", errors))
        .append('>')
        .append(error("scheduler", errors));
    f.append("</details><button type=\"submit\" class=\"primary\">Paint</button></form>");
    return Layout.page("New", session, f.toString());
  }

  private static void number(
      StringBuilder f,
      String name,
      String text,
      Map<String, String> values,
      Map<String, String> errors,
      String placeholder) {
    f.append(label(name, text, errors))
        .append("<input id=\"")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append("\" inputmode=\"decimal\" value=\"")
        .append(esc(values.getOrDefault(name, "")))
        .append("\" placeholder=\"")
        .append(placeholder)
        .append('"')
        .append(described(name, errors))
        .append('>')
        .append(error(name, errors));
  }

  private static void sizeSelect(
      StringBuilder f,
      String name,
      String text,
      Map<String, String> values,
      Map<String, String> errors) {
    String current = values.getOrDefault(name, "");
    if (current.isEmpty()) {
      current = Integer.toString(JobLimits.SIZE_DEFAULT);
    }
    f.append(label(name, text, errors))
        .append("<select id=\"")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append('"')
        .append(described(name, errors))
        .append('>');
    boolean matched = false;
    for (int px = JobLimits.SIZE_MIN; px <= JobLimits.SIZE_MAX; px += JobLimits.SIZE_STEP) {
      boolean selected = Integer.toString(px).equals(current);
      matched |= selected;
      f.append("<option")
          .append(selected ? " selected" : "")
          .append('>')
          .append(px)
          .append("</option>");
    }
    if (!matched) {
      f.append("<option selected>").append(esc(current)).append("</option>");
    }
    f.append("</select>").append(error(name, errors));
  }

  private static String label(String name, String text, Map<String, String> errors) {
    return "<label for=\"" + name + "\">" + esc(text) + "</label>";
  }

  private static String described(String name, Map<String, String> errors) {
    return errors.containsKey(name)
        ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\""
        : "";
  }

  private static String error(String name, Map<String, String> errors) {
    String message = errors.get(name);
    return message == null
        ? ""
        : "<p class=\"error field-error\" id=\"" + name + "-error\">" + esc(message) + "</p>";
  }
}
