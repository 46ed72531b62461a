package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.gallery.Share;
import io.goldpan.functions.gallery.Shares;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Create, list and revoke share links; and the read-only page a link opens. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ShareController {
  private final Shares shares;
  private final GalleryViews views;
  private final JobService jobs;
  private final Clock clock;
  private final Pages pages;

  public ShareController(
      Shares shares, GalleryViews views, JobService jobs, Clock clock, Pages pages) {
    this.pages = pages;
    this.shares = shares;
    this.views = views;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Form fields: {@code jobId} + {@code index} for an image, or {@code groupId}; {@code days}. */
  @Post("/app/shares")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> create(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    Shares.Created created;
    try {
      if (!form.get("groupId").isEmpty()) {
        created = shares.shareGroup(session.owner(), form.get("groupId"), form.get("days"));
      } else {
        int index;
        try {
          index = Integer.parseInt(form.get("index"));
        } catch (NumberFormatException e) {
          throw InvalidRequestException.of("index", "must be an image index");
        }
        created = shares.shareImage(session.owner(), form.get("jobId"), index, form.get("days"));
      }
    } catch (InvalidRequestException e) {
      return pages.html(
          HttpStatus.BAD_REQUEST,
          "shareError",
          new Views.ShareError(Views.Shell.signedIn("Share", session), e.getMessage()));
    }
    String url = origin(request) + "/s/" + created.token();
    return pages.html(
        HttpStatus.CREATED,
        "shareCreated",
        new Views.ShareCreated(
            Views.Shell.signedIn("Share link", session),
            created.share().groupId() != null,
            created.share().expiresAt().toString(),
            url));
  }

  @Get("/app/shares")
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    Instant now = Instant.now(clock);
    List<Views.ShareRow> rows = new ArrayList<>();
    for (Share s : shares.recent(session.owner())) {
      boolean live = s.revokedAt() == null && s.expiresAt().isAfter(now);
      String state =
          s.revokedAt() != null
              ? "revoked"
              : s.expiresAt().isAfter(now) ? "until " + s.expiresAt() : "expired";
      rows.add(
          new Views.ShareRow(
              s.groupId(),
              s.jobId(),
              s.idx() == null ? 0 : s.idx() + 1,
              state,
              live ? s.id() : null));
    }
    return pages.html(
        "shareList",
        new Views.ShareList(Views.Shell.signedIn("Share links", session, "shares"), rows));
  }

  @Post("/app/shares/{id}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> revoke(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    shares.revoke(session.owner(), id);
    return HttpResponse.seeOther(URI.create("/app/shares"));
  }

  /** The read-only page; a share opens its one image or group and nothing else. */
  @Get("/s/{token}")
  public HttpResponse<String> open(@PathVariable String token) {
    Share share = shares.open(token);
    Views.SharedPage page;
    if (share.groupId() != null) {
      JobGroup group =
          views
              .group(share.groupId(), share.owner())
              .orElseThrow(() -> new GalleryNotFoundException("group"));
      List<Views.SharedRow> rows =
          views.ofGroup(group.id(), share.owner()).stream()
              .map(
                  g ->
                      new Views.SharedRow(
                          g.style() == null ? g.job().prompt() : g.style(), images(g, null)))
              .toList();
      page =
          new Views.SharedPage(
              Views.Shell.open("Shared"),
              group.prompt(),
              rows,
              List.of(),
              share.expiresAt().toString());
    } else {
      GalleryJob g = views.of(jobs.find(share.owner(), share.jobId()));
      page =
          new Views.SharedPage(
              Views.Shell.open("Shared"),
              g.job().prompt(),
              null,
              images(g, share.idx()),
              share.expiresAt().toString());
    }
    MutableHttpResponse<String> response = pages.html("shared", page);
    // The token is in the URL: no referrer leaks it, no cache keeps the page after revocation.
    response.getHeaders().set("Referrer-Policy", "no-referrer");
    response.getHeaders().set("Cache-Control", "no-store");
    return response;
  }

  private static List<Views.SharedImage> images(GalleryJob g, Integer onlyIndex) {
    List<Views.SharedImage> out = new ArrayList<>();
    for (GalleryJob.GalleryImage image : g.images()) {
      boolean wanted = onlyIndex == null ? image.visibleByDefault() : image.index() == onlyIndex;
      if (wanted && image.mark() != Mark.PURGED) {
        out.add(new Views.SharedImage(image.url(), JobFragments.alt(g.job(), image.index())));
      }
    }
    return out;
  }

  private static String origin(HttpRequest<?> request) {
    String host = request.getHeaders().get("Host");
    if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      host =
          request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
    }
    return (SessionFilter.isHttps(request) ? "https://" : "http://") + host;
  }
}
