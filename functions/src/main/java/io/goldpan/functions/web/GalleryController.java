package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

import io.goldpan.functions.gallery.GalleryConfig;
import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.KeptZip;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.status.RunnerStatus;
import io.goldpan.functions.status.StatusView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The signed-in pages that show things: gallery, job, group, and their live JSON. */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GalleryController {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryController.class);
  private static final Set<String> SHOWS = Set.of("default", "kept", "discarded", "all");

  private final GalleryViews views;
  private final JobService jobs;
  private final RunnerStatus status;
  private final Triage triage;
  private final GalleryConfig config;
  private final KeptZip zip;
  private final ExecutorService executor;

  public GalleryController(
      GalleryViews views,
      JobService jobs,
      RunnerStatus status,
      Triage triage,
      GalleryConfig config,
      KeptZip zip,
      @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    this.views = views;
    this.jobs = jobs;
    this.status = status;
    this.triage = triage;
    this.config = config;
    this.zip = zip;
    this.executor = executor;
  }

  /** A fragment of HTML and whether it will change again. */
  @Serdeable
  public record Live(String html, boolean done) {}

  @Get
  public HttpResponse<String> gallery(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String q,
      @QueryValue @Nullable String show,
      @QueryValue @Nullable String page) {
    String query = q == null ? "" : q.strip();
    String filter = show != null && SHOWS.contains(show) ? show : "default";
    int pageNo = parsePage(page);
    int size = config.pageSize();
    List<Job> found =
        views.search(session.owner(), likePattern(query), filter, size + 1, (pageNo - 1) * size);
    boolean more = found.size() > size;
    List<GalleryJob> shown = views.of(more ? found.subList(0, size) : found);
    String back = "/app?" + params(query, filter, pageNo);

    StringBuilder body = new StringBuilder();
    body.append("<h1>Gallery</h1>")
        .append("<form method=\"get\" action=\"/app\" class=\"filters\" role=\"search\">")
        .append("<label for=\"q\">Search prompts</label>")
        .append("<input id=\"q\" name=\"q\" type=\"search\" value=\"")
        .append(esc(query))
        .append("\">")
        .append("<label for=\"show\">Show</label><select id=\"show\" name=\"show\">");
    for (String option : List.of("default", "kept", "discarded", "all")) {
      body.append("<option value=\"")
          .append(option)
          .append('"')
          .append(option.equals(filter) ? " selected" : "")
          .append('>')
          .append(option.equals("default") ? "not discarded" : option)
          .append("</option>");
    }
    body.append("</select><button type=\"submit\">Filter</button></form>");
    if (filter.equals("discarded")) {
      long discarded = triage.discardedCount(session.owner());
      if (discarded > 0) {
        body.append("<form method=\"post\" action=\"/app/purge\" class=\"purge\">")
            .append(Layout.csrfField(session))
            .append("<button type=\"submit\" class=\"danger\">Purge ")
            .append(discarded)
            .append(" discarded images from storage</button></form>");
      }
    }
    if (shown.isEmpty()) {
      body.append(
          "<p class=\"empty\">Nothing here yet. <a href=\"/app/new\">Pan for gold</a>.</p>");
    }
    body.append("<ul class=\"jobs\">");
    for (GalleryJob g : shown) {
      JobView job = g.job();
      String href = g.groupId() != null ? "/app/groups/" + g.groupId() : "/app/jobs/" + job.id();
      body.append("<li class=\"job\" data-job=\"")
          .append(job.id())
          .append("\">")
          .append("<p class=\"prompt\"><a href=\"/app/jobs/")
          .append(job.id())
          .append("\">")
          .append(esc(job.prompt()))
          .append("</a></p><p class=\"meta\">")
          .append(JobFragments.statusBadge(job.status()));
      if (g.style() != null) {
        body.append(" <a href=\"").append(href).append("\">").append(esc(g.style())).append("</a>");
      }
      body.append("</p>").append(JobFragments.images(g, session, back, filter)).append("</li>");
    }
    body.append("</ul><nav class=\"pages\" aria-label=\"Pages\">");
    if (pageNo > 1) {
      body.append("<a rel=\"prev\" href=\"/app?")
          .append(esc(params(query, filter, pageNo - 1)))
          .append("\">Newer</a>");
    }
    if (more) {
      body.append("<a rel=\"next\" href=\"/app?")
          .append(esc(params(query, filter, pageNo + 1)))
          .append("\">Older</a>");
    }
    body.append("</nav>");
    return Layout.html(Layout.page("Gallery", session, body.toString()));
  }

  @Get(value = "/status", produces = "application/json")
  public Live runnerStatus(@RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    StatusView view = status.of(session.owner());
    String depth = view.queueDepth() == null ? "" : " · queue " + view.queueDepth();
    String runners =
        view.runners().stream()
            .map(r -> r.id() + " (" + String.join(", ", r.models()) + ")")
            .reduce((a, b) -> a + ", " + b)
            .map(s -> " · " + s)
            .orElse("");
    return new Live(
        "<span class=\""
            + (view.runnerAwake() ? "awake" : "asleep")
            + "\">"
            + esc(view.summary())
            + "</span>"
            + esc(depth)
            + "<span class=\"runners\">"
            + esc(runners)
            + "</span>",
        false);
  }

  @Get("/jobs/{id}")
  public HttpResponse<String> job(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    GalleryJob g = views.of(jobs.find(session.owner(), id));
    JobView job = g.job();
    StringBuilder body = new StringBuilder();
    body.append("<h1 class=\"prompt\">").append(esc(job.prompt())).append("</h1>");
    if (g.groupId() != null) {
      body.append("<p><a href=\"/app/groups/")
          .append(g.groupId())
          .append("\">Back to the group")
          .append(g.style() == null ? "" : " (style: " + esc(g.style()) + ")")
          .append("</a></p>");
    }
    Live live = jobLive(session, g, status.of(session.owner()));
    body.append("<section aria-live=\"polite\" data-live=\"/app/jobs/")
        .append(job.id())
        .append("/live\"")
        .append(live.done() ? " data-done" : "")
        .append('>')
        .append(live.html())
        .append("</section>");
    body.append("<div class=\"iterate\">")
        .append("<form method=\"post\" action=\"/app/jobs/")
        .append(job.id())
        .append("/more\">")
        .append(Layout.csrfField(session))
        .append("<button type=\"submit\">More like this</button></form>")
        .append("<a class=\"button\" href=\"/app/new?from=")
        .append(job.id())
        .append("&amp;seed=keep\">Vary style</a>")
        .append("<a class=\"button\" href=\"/app/new?from=")
        .append(job.id())
        .append("\">Reuse</a>")
        .append("</div>");
    body.append("<h2>How it was made</h2><dl class=\"details\">");
    detail(body, "Prompt", job.prompt());
    detail(body, "Negative prompt", job.negativePrompt());
    detail(body, "Seed", job.seed() + (job.count() > 1 ? " (image i uses seed + i)" : ""));
    detail(body, "Size", job.width() + "×" + job.height());
    detail(body, "Steps", job.steps());
    detail(body, "Guidance", job.guidance());
    detail(
        body, "Model", job.model() + ("demo".equals(job.model()) ? " (built-in demo model)" : ""));
    detail(body, "Scheduler", job.scheduler() == null ? "the model's own" : job.scheduler());
    detail(body, "Style", g.style());
    detail(body, "Status", job.status());
    detail(body, "Submitted", job.createdAt());
    detail(body, "Started", job.startedAt());
    detail(body, "Finished", job.finishedAt());
    if (job.timings() != null) {
      JobView.Timings t = job.timings();
      detail(
          body,
          "Timings",
          "queue "
              + t.queueMs()
              + " ms · inference "
              + t.inferenceMs()
              + " ms · upload "
              + t.uploadMs()
              + " ms · total "
              + t.totalMs()
              + " ms");
    }
    body.append("</dl>");
    return Layout.html(Layout.page(job.prompt(), session, body.toString()));
  }

  @Get(value = "/jobs/{id}/live", produces = "application/json")
  public Live jobLive(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    return jobLive(session, views.of(jobs.find(session.owner(), id)), status.of(session.owner()));
  }

  @Get("/groups/{id}")
  public HttpResponse<String> group(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    JobGroup group = ownedGroup(session, id);
    Live live = groupLive(session, group);
    String body =
        "<h1 class=\"prompt\">"
            + esc(group.prompt())
            + "</h1>"
            + "<div class=\"iterate\"><form method=\"post\" action=\"/app/shares\">"
            + Layout.csrfField(session)
            + "<input type=\"hidden\" name=\"groupId\" value=\""
            + esc(group.id())
            + "\">"
            + "<label for=\"share-days\">Link lasts</label><select id=\"share-days\" name=\"days\">"
            + "<option value=\"1\">1 day</option><option value=\"7\" selected>7 days</option>"
            + "<option value=\"30\">30 days</option></select>"
            + "<button type=\"submit\">Share this group</button></form>"
            + "<a class=\"button\" href=\"/app/groups/"
            + esc(group.id())
            + "/kept.zip\" download>Download kept (zip)</a></div>"
            + "<section aria-live=\"polite\" data-live=\"/app/groups/"
            + esc(group.id())
            + "/live\""
            + (live.done() ? " data-done" : "")
            + ">"
            + live.html()
            + "</section>";
    return Layout.html(Layout.page(group.prompt(), session, body));
  }

  @Get(value = "/groups/{id}/live", produces = "application/json")
  public Live groupLive(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    return groupLive(session, ownedGroup(session, id));
  }

  /** The group's kept images as a zip, streamed from the bucket as the client reads it. */
  @Get("/groups/{id}/kept.zip")
  public HttpResponse<?> keptZip(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    List<JobImage> kept = zip.keptImages(session.owner(), id);
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the zip stream", e);
    }
    executor.execute(
        () -> {
          try (out) {
            zip.write(kept, out);
          } catch (IOException | RuntimeException e) {
            // The client sees a truncated zip; the cause is ours to log.
            LOG.error("zip of groupId={} failed: cause={}", id, e.toString());
          }
        });
    return HttpResponse.ok(new StreamedFile(in, MediaType.of("application/zip")))
        .header("Content-Disposition", "attachment; filename=\"goldpan-" + id + "-kept.zip\"");
  }

  private Live groupLive(WebSession session, JobGroup group) {
    List<GalleryJob> members = views.ofGroup(group.id(), session.owner());
    StatusView runnerStatus = status.of(session.owner());
    String back = "/app/groups/" + group.id();
    StringBuilder out = new StringBuilder("<div class=\"compare\">");
    for (GalleryJob g : members) {
      long kept = g.images().stream().filter(i -> i.mark() == Mark.KEPT).count();
      out.append("<section class=\"row\" data-style=\"")
          .append(esc(g.style()))
          .append("\">")
          .append("<h2><a href=\"/app/jobs/")
          .append(g.job().id())
          .append("\">")
          .append(esc(g.style() == null ? g.job().prompt() : g.style()))
          .append("</a>")
          .append(" <span class=\"keeprate\">kept ")
          .append(kept)
          .append('/')
          .append(g.images().size())
          .append("</span></h2>")
          .append(JobFragments.progress(g, runnerStatus))
          .append(JobFragments.images(g, session, back, "default"))
          .append("</section>");
    }
    out.append("</div>");
    return new Live(out.toString(), JobFragments.done(members));
  }

  private Live jobLive(WebSession session, GalleryJob g, StatusView runnerStatus) {
    String back = "/app/jobs/" + g.job().id();
    String html =
        "<p class=\"meta\">"
            + JobFragments.statusBadge(g.job().status())
            + "</p>"
            + JobFragments.progress(g, runnerStatus)
            + JobFragments.images(g, session, back, "all");
    return new Live(html, g.job().status().isTerminal());
  }

  private JobGroup ownedGroup(WebSession session, String id) {
    return views
        .group(id, session.owner())
        .orElseThrow(() -> new GalleryNotFoundException("group " + id));
  }

  private static void detail(StringBuilder body, String name, Object value) {
    if (value != null) {
      body.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }
  }

  private static int parsePage(String page) {
    try {
      int value = page == null ? 1 : Integer.parseInt(page);
      return Math.max(1, Math.min(value, 10_000));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** A case-insensitive "contains" LIKE pattern with the user's own % and _ taken literally. */
  static String likePattern(String query) {
    String escaped =
        query
            .toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }

  private static String params(String query, String filter, int page) {
    return "q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&show="
        + filter
        + "&page="
        + page;
  }
}
