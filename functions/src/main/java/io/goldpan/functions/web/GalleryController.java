package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryConfig;
import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GallerySearch;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobPreview;
import io.goldpan.functions.jobs.JobPreviews;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.status.RunnerStatus;
import io.goldpan.functions.status.StatusView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** The signed-in pages that show things: gallery and job, and their live JSON. */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GalleryController {
  private static final Set<String> SHOWS = Set.of("default", "kept", "discarded", "all");
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final GalleryViews views;
  private final JobService jobs;
  private final RunnerStatus status;
  private final Triage triage;
  private final GalleryConfig config;
  private final Pages pages;
  private final JobPreviews previews;

  public GalleryController(
      GalleryViews views,
      JobService jobs,
      RunnerStatus status,
      Triage triage,
      GalleryConfig config,
      Pages pages,
      JobPreviews previews) {
    this.previews = previews;
    this.views = views;
    this.jobs = jobs;
    this.status = status;
    this.triage = triage;
    this.config = config;
    this.pages = pages;
  }

  /** A fragment of HTML and whether it will change again. */
  @Serdeable
  public record Live(String html, boolean done) {}

  @Get
  public HttpResponse<String> gallery(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String q,
      @QueryValue @Nullable String show,
      @QueryValue @Nullable String page,
      @QueryValue @Nullable String order) {
    String query = q == null ? "" : q.strip();
    String filter = filter(show);
    Ranking ranking = Ranking.of(order, null);
    int pageNo = parsePage(page);
    int size = config.pageSize();
    GallerySearch search;
    try {
      search = GallerySearch.of(query);
    } catch (InvalidRequestException e) {
      return pages.html(
          HttpStatus.BAD_REQUEST,
          "gallery",
          galleryPage(
              session,
              query,
              filter,
              0,
              new Views.GalleryList(
                  query, filter, e.fields().get(0).message(), List.of(), null, null),
              null,
              ranking));
    }
    List<Job> found = views.search(session.owner(), search, filter, size + 1, (pageNo - 1) * size);
    boolean more = found.size() > size;
    List<GalleryJob> shown = views.of(more ? found.subList(0, size) : found);
    long purgeable = filter.equals("discarded") ? triage.discardedCount(session.owner()) : 0;
    String live =
        pageNo == 1
            ? ranking.on(
                "/app/gallery/live?q="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&show="
                    + filter)
            : null;
    return pages.html(
        "gallery",
        galleryPage(
            session,
            query,
            filter,
            purgeable,
            new Views.GalleryList(
                query,
                filter,
                null,
                items(
                    session,
                    shown,
                    "/app?" + ranking.on(params(query, filter, pageNo)),
                    filter,
                    ranking),
                pageNo > 1 ? ranking.on(params(query, filter, pageNo - 1)) : null,
                more ? ranking.on(params(query, filter, pageNo + 1)) : null),
            live,
            ranking));
  }

  /**
   * The first page of the gallery's list as it is now, so new and finished jobs show up without a
   * reload. Never done: a job may arrive at any time.
   */
  @Get(value = "/gallery/live", produces = "application/json")
  public Live galleryLive(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String q,
      @QueryValue @Nullable String show,
      @QueryValue @Nullable String order) {
    String query = q == null ? "" : q.strip();
    String filter = filter(show);
    Ranking ranking = Ranking.of(order, null);
    int size = config.pageSize();
    GallerySearch search;
    try {
      search = GallerySearch.of(query);
    } catch (InvalidRequestException e) {
      return new Live(
          pages.render(
              "galleryList",
              new Views.GalleryList(
                  query, filter, e.fields().get(0).message(), List.of(), null, null)),
          false);
    }
    List<Job> found = views.search(session.owner(), search, filter, size + 1, 0);
    boolean more = found.size() > size;
    List<Views.GalleryItem> items =
        items(
            session,
            views.of(more ? found.subList(0, size) : found),
            "/app?" + ranking.on(params(query, filter, 1)),
            filter,
            ranking);
    return new Live(
        pages.render(
            "galleryList",
            new Views.GalleryList(
                query,
                filter,
                null,
                items,
                null,
                more ? ranking.on(params(query, filter, 2)) : null)),
        false);
  }

  private static String filter(@Nullable String show) {
    return show != null && SHOWS.contains(show) ? show : "default";
  }

  private Views.GalleryPage galleryPage(
      WebSession session,
      String query,
      String filter,
      long purgeable,
      Views.GalleryList list,
      @Nullable String live,
      Ranking ranking) {
    List<Views.Option> shows =
        Stream.of("default", "kept", "discarded", "all")
            .map(
                o ->
                    new Views.Option(
                        o, o.equals("default") ? "not discarded" : o, o.equals(filter)))
            .toList();
    List<Views.Option> orders =
        List.of(
            new Views.Option("", "newest first", !ranking.best()),
            new Views.Option("best", "best first", ranking.best()));
    return new Views.GalleryPage(
        Views.Shell.signedIn("Gallery", session, "gallery"),
        query,
        shows,
        purgeable,
        list,
        live,
        orders);
  }

  /**
   * The page's jobs; best first, each job's images best first and the jobs by their best image
   * (within this page: pages still go back in time), unscored jobs last.
   */
  private static List<Views.GalleryItem> items(
      WebSession session, List<GalleryJob> shown, String back, String filter, Ranking ranking) {
    List<GalleryJob> ordered = shown;
    if (ranking.best()) {
      ordered = new ArrayList<>(shown);
      ordered.sort(Comparator.comparing(GalleryController::bestScores, Ranking.nullsLast()));
    }
    return ordered.stream()
        .map(
            g ->
                new Views.GalleryItem(
                    g.job().id(),
                    g.job().parameters().prompt(),
                    JobFragments.badge(g),
                    g.groupId() != null
                        ? "/app/groups/" + g.groupId()
                        : "/app/jobs/" + g.job().id(),
                    g.style(),
                    g.job().createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    CREATED.format(g.job().createdAt()),
                    JobFragments.images(g, session, back, filter, ranking)))
        .toList();
  }

  private static JobView.Scores bestScores(GalleryJob g) {
    return g.images().stream()
        .map(GalleryJob.GalleryImage::scores)
        .filter(Objects::nonNull)
        .min(Ranking.SCORES)
        .orElse(null);
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
        pages.render(
            "statusLine", new Views.StatusLine(view.runnerAwake(), view.summary(), depth, runners)),
        false);
  }

  @Get("/jobs/{id}")
  public HttpResponse<String> job(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id,
      @QueryValue @Nullable String show,
      @QueryValue @Nullable String order,
      @QueryValue @Nullable String hide) {
    GalleryJob g = views.of(jobs.find(session.owner(), id));
    JobView job = g.job();
    Ranking ranking = Ranking.of(order, hide);
    List<Views.Detail> details = new ArrayList<>();
    detail(details, "Prompt", job.parameters().prompt());
    detail(details, "Negative prompt", job.parameters().negativePrompt());
    detail(
        details,
        "Seed",
        job.parameters().seed() + (job.parameters().count() > 1 ? " (image i uses seed + i)" : ""));
    detail(details, "Size", job.parameters().width() + "×" + job.parameters().height());
    detail(details, "Steps", job.parameters().steps());
    detail(details, "Guidance", job.parameters().guidance());
    detail(
        details,
        "Model",
        job.parameters().model()
            + ("demo".equals(job.parameters().model()) ? " (built-in demo model)" : ""));
    detail(
        details,
        "Scheduler",
        job.parameters().scheduler() == null ? "the model's own" : job.parameters().scheduler());
    detail(details, "Style", g.style());
    return pages.html(
        "job",
        new Views.JobPage(
            Views.Shell.signedIn(job.parameters().prompt(), session),
            job.id(),
            job.parameters().prompt(),
            g.groupId(),
            g.style(),
            JobFragments.jobLive(
                g, session, status.of(session.owner()), show, ranking, previewOf(job)),
            job.status().isTerminal(),
            details,
            ranking.links("/app/jobs/" + job.id()),
            ranking.on("/app/jobs/" + job.id() + "/live")));
  }

  @Get(value = "/jobs/{id}/live", produces = "application/json")
  public Live jobLive(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id,
      @QueryValue @Nullable String show,
      @QueryValue @Nullable String order,
      @QueryValue @Nullable String hide) {
    GalleryJob g = views.of(jobs.find(session.owner(), id));
    Ranking ranking = Ranking.of(order, hide);
    return new Live(
        pages.render(
            "jobLive",
            JobFragments.jobLive(
                g, session, status.of(session.owner()), show, ranking, previewOf(g.job()))),
        g.job().status().isTerminal());
  }

  /** A running job's latest preview (one indexed read), else null. */
  private JobPreview previewOf(JobView job) {
    return previews.latest(job).orElse(null);
  }

  private static void detail(List<Views.Detail> details, String name, Object value) {
    if (value != null) {
      details.add(new Views.Detail(name, value.toString()));
    }
  }

  static int parsePage(String page) {
    try {
      int value = page == null ? 1 : Integer.parseInt(page);
      return Math.max(1, Math.min(value, 10_000));
    } catch (NumberFormatException e) {
      return 1;
    }
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
