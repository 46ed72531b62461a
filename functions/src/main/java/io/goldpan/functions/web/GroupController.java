package io.goldpan.functions.web;

import io.goldpan.contract.ImageRef;
import io.goldpan.functions.gallery.GalleryConfig;
import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.KeptZip;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.status.RunnerStatus;
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
import jakarta.inject.Named;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The owner's groups: the list, a group's comparison grid and its live JSON, the kept zip. */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GroupController {
  private static final Logger LOG = LoggerFactory.getLogger(GroupController.class);
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final GalleryViews views;
  private final RunnerStatus status;
  private final GalleryConfig config;
  private final KeptZip zip;
  private final ExecutorService executor;
  private final Pages pages;
  private final JobService jobs;

  public GroupController(
      GalleryViews views,
      JobService jobs,
      RunnerStatus status,
      GalleryConfig config,
      KeptZip zip,
      @Named(TaskExecutors.BLOCKING) ExecutorService executor,
      Pages pages) {
    this.views = views;
    this.status = status;
    this.config = config;
    this.zip = zip;
    this.executor = executor;
    this.pages = pages;
    this.jobs = jobs;
  }

  /** The owner's groups, newest first, a page at a time, each with a thumbnail and its prompt. */
  @Get("/groups")
  public HttpResponse<String> groups(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String page) {
    int pageNo = GalleryController.parsePage(page);
    int size = config.pageSize();
    List<GalleryViews.GroupSummary> found =
        views.groups(session.owner(), size + 1, (pageNo - 1) * size);
    boolean more = found.size() > size;
    List<Views.GroupItem> items = new ArrayList<>();
    for (GalleryViews.GroupSummary summary : more ? found.subList(0, size) : found) {
      items.add(item(summary));
    }
    return pages.html(
        "groups",
        new Views.GroupsPage(
            Views.Shell.signedIn("Groups", session, "groups"),
            items,
            pageNo > 1 ? Integer.toString(pageNo - 1) : null,
            more ? Integer.toString(pageNo + 1) : null));
  }

  @Get("/groups/{id}")
  public HttpResponse<String> group(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    JobGroup group = ownedGroup(session, id);
    List<GalleryJob> members = views.ofGroup(group.id(), session.owner());
    return pages.html(
        "group",
        new Views.GroupPage(
            Views.Shell.signedIn(group.prompt(), session),
            group.id(),
            group.prompt(),
            GroupGrid.of(group, members, session, status.of(session.owner())),
            JobFragments.done(members),
            source(session.owner(), members)));
  }

  /**
   * The picture a "Vary" group was painted from, shown first: the one its image-to-image jobs
   * started from; {@code null} for any other group, or when that picture is no longer stored.
   */
  private Views.@Nullable Source source(String owner, List<GalleryJob> members) {
    List<ImageRef> inits =
        members.stream().map(g -> g.job().parameters().init()).distinct().toList();
    if (inits.size() != 1 || inits.get(0) == null) {
      return null;
    }
    ImageRef init = inits.get(0);
    GalleryJob source;
    try {
      source = views.of(jobs.find(owner, init.jobId()));
    } catch (JobNotFoundException e) {
      return null;
    }
    return source.images().stream()
        .filter(i -> i.index() == init.index() && i.mark() != Mark.PURGED)
        .findFirst()
        .map(
            i ->
                new Views.Source(
                    "/app/jobs/" + init.jobId(),
                    i.thumbUrl() != null ? i.thumbUrl() : i.url(),
                    JobFragments.alt(source.job(), init.index())))
        .orElse(null);
  }

  @Get(value = "/groups/{id}/live", produces = "application/json")
  public GalleryController.Live groupLive(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    JobGroup group = ownedGroup(session, id);
    List<GalleryJob> members = views.ofGroup(group.id(), session.owner());
    return new GalleryController.Live(
        pages.render(
            "groupLive", GroupGrid.of(group, members, session, status.of(session.owner()))),
        JobFragments.done(members));
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

  private JobGroup ownedGroup(WebSession session, String id) {
    return views
        .group(id, session.owner())
        .orElseThrow(() -> new GalleryNotFoundException("group " + id));
  }

  /** A kept image for the thumbnail, else the first not thrown away. */
  private static Views.GroupItem item(GalleryViews.GroupSummary summary) {
    List<GalleryJob> jobs = summary.jobs();
    GalleryJob.GalleryImage thumb =
        jobs.stream()
            .flatMap(g -> g.images().stream())
            .filter(i -> i.mark() == Mark.KEPT)
            .findFirst()
            .or(
                () ->
                    jobs.stream()
                        .flatMap(g -> g.images().stream())
                        .filter(GalleryJob.GalleryImage::visibleByDefault)
                        .findFirst())
            .orElse(null);
    int images = jobs.stream().mapToInt(g -> g.job().parameters().count()).sum();
    long kept =
        jobs.stream().flatMap(g -> g.images().stream()).filter(i -> i.mark() == Mark.KEPT).count();
    boolean unfinished = !JobFragments.done(jobs);
    boolean allSucceeded = jobs.stream().allMatch(g -> g.job().status() == JobStatus.SUCCEEDED);
    String badge = unfinished ? "painting" : allSucceeded ? "succeeded" : "finished";
    JobGroup group = summary.group();
    return new Views.GroupItem(
        group.id(),
        group.prompt(),
        thumb == null ? null : thumb.thumbUrl() != null ? thumb.thumbUrl() : thumb.url(),
        group.prompt(),
        images + (images == 1 ? " image" : " images") + " · kept " + kept,
        badge,
        CREATED.format(group.createdAt()));
  }
}
