package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

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
import java.util.List;

/** Create, list and revoke share links; and the read-only page a link opens. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ShareController {
  private final Shares shares;
  private final GalleryViews views;
  private final JobService jobs;
  private final Clock clock;

  public ShareController(Shares shares, GalleryViews views, JobService jobs, Clock clock) {
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
      return Layout.html(
          HttpStatus.BAD_REQUEST,
          Layout.page(
              "Share",
              session,
              "<p class=\"error\" role=\"alert\">" + esc(e.getMessage()) + "</p>"));
    }
    String url = origin(request) + "/s/" + created.token();
    String body =
        "<h1>Share link</h1><p>Anyone with this link can see "
            + (created.share().groupId() != null ? "this group" : "this image")
            + " (and nothing else) until "
            + esc(created.share().expiresAt())
            + ".</p>"
            + "<p><label for=\"share-url\">Link</label><input id=\"share-url\" class=\"share-url\""
            + " readonly value=\""
            + esc(url)
            + "\"></p>"
            + "<p><a id=\"share-link\" href=\""
            + esc(url)
            + "\">Open it</a> · "
            + "<a href=\"/app/shares\">All share links</a></p>"
            + "<p class=\"hint\">This is the only time the link is shown: only a hash of it is"
            + " stored.</p>";
    return Layout.html(HttpStatus.CREATED, Layout.page("Share link", session, body));
  }

  @Get("/app/shares")
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    Instant now = Instant.now(clock);
    StringBuilder body = new StringBuilder("<h1>Share links</h1><ul class=\"shares\">");
    List<Share> recent = shares.recent(session.owner());
    if (recent.isEmpty()) {
      body.append("<li>None yet. Keep an image, then tap Share.</li>");
    }
    for (Share s : recent) {
      String what =
          s.groupId() != null
              ? "<a href=\"/app/groups/" + esc(s.groupId()) + "\">group</a>"
              : "<a href=\"/app/jobs/" + esc(s.jobId()) + "\">image " + (s.idx() + 1) + "</a>";
      String state =
          s.revokedAt() != null
              ? "revoked"
              : s.expiresAt().isAfter(now) ? "until " + s.expiresAt() : "expired";
      body.append("<li>").append(what).append(" · ").append(esc(state));
      if (s.revokedAt() == null && s.expiresAt().isAfter(now)) {
        body.append("<form method=\"post\" action=\"/app/shares/")
            .append(esc(s.id()))
            .append("/revoke\">")
            .append(Layout.csrfField(session))
            .append("<button type=\"submit\" class=\"danger\">Revoke</button></form>");
      }
      body.append("</li>");
    }
    body.append("</ul>");
    return Layout.html(Layout.page("Share links", session, body.toString()));
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
    StringBuilder body = new StringBuilder();
    if (share.groupId() != null) {
      JobGroup group =
          views
              .group(share.groupId(), share.owner())
              .orElseThrow(() -> new GalleryNotFoundException("group"));
      body.append("<h1 class=\"prompt\">")
          .append(esc(group.prompt()))
          .append("</h1>")
          .append("<div class=\"compare\">");
      for (GalleryJob g : views.ofGroup(group.id(), share.owner())) {
        body.append("<section class=\"row\"><h2>")
            .append(esc(g.style() == null ? g.job().prompt() : g.style()))
            .append("</h2>")
            .append(images(g, null));
        body.append("</section>");
      }
      body.append("</div>");
    } else {
      GalleryJob g = views.of(jobs.find(share.owner(), share.jobId()));
      body.append("<h1 class=\"prompt\">")
          .append(esc(g.job().prompt()))
          .append("</h1>")
          .append(images(g, share.idx()));
    }
    body.append("<p class=\"hint\">Shared from Goldpan. Links expire ")
        .append(esc(share.expiresAt()))
        .append(".</p>");
    MutableHttpResponse<String> response =
        Layout.html(Layout.publicPage("Shared", body.toString()));
    // The token is in the URL: no referrer leaks it, no cache keeps the page after revocation.
    response.getHeaders().set("Referrer-Policy", "no-referrer");
    response.getHeaders().set("Cache-Control", "no-store");
    return response;
  }

  private static String images(GalleryJob g, Integer onlyIndex) {
    StringBuilder out = new StringBuilder("<ul class=\"images shared\">");
    for (GalleryJob.GalleryImage image : g.images()) {
      boolean wanted = onlyIndex == null ? image.visibleByDefault() : image.index() == onlyIndex;
      if (!wanted || image.mark() == Mark.PURGED) {
        continue;
      }
      out.append("<li class=\"image\"><a href=\"")
          .append(esc(image.url()))
          .append("\"><img src=\"")
          .append(esc(image.url()))
          .append("\" alt=\"")
          .append(esc(JobFragments.alt(g.job(), image.index())))
          .append("\"></a></li>");
    }
    return out.append("</ul>").toString();
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
