package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.Share;
import io.goldpan.functions.gallery.ShareContents;
import io.goldpan.functions.gallery.SharedContent;
import io.goldpan.functions.gallery.Shares;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.JobView;
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
  private static final int TITLE_MAX_CHARS = 90;
  private static final int DESCRIPTION_MAX_CHARS = 200;

  private final Shares shares;
  private final SharedContent content;
  private final Clock clock;
  private final Pages pages;

  public ShareController(Shares shares, SharedContent content, Clock clock, Pages pages) {
    this.shares = shares;
    this.content = content;
    this.clock = clock;
    this.pages = pages;
  }

  /**
   * Form fields: {@code jobId} + {@code index} for an image, or {@code groupId} and {@code
   * contents} ({@code KEPT}, the default, or {@code ALL}); {@code days}.
   */
  @Post("/app/shares")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> create(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    Shares.Created created;
    try {
      if (!form.get("groupId").isEmpty()) {
        created =
            shares.shareGroup(
                session.owner(), form.get("groupId"), form.get("days"), form.get("contents"));
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
    Share share = created.share();
    String contents =
        share.groupId() == null
            ? "this image"
            : share.contents() == ShareContents.KEPT
                ? "the kept images of this group"
                : "every image of this group that is not discarded";
    return pages.html(
        HttpStatus.CREATED,
        "shareCreated",
        new Views.ShareCreated(
            Views.Shell.signedIn("Share link", session),
            contents,
            share.expiresAt().toString(),
            origin(request) + "/s/" + created.token(),
            title(content.of(share).prompt())));
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
      rows.add(row(s, state, live));
    }
    return pages.html(
        "shareList",
        new Views.ShareList(Views.Shell.signedIn("Share links", session, "shares"), rows));
  }

  private Views.ShareRow row(Share s, String state, boolean live) {
    String what;
    String href;
    if (s.groupId() != null) {
      what = s.contents() == ShareContents.KEPT ? "group · kept images" : "group · all images";
      href = "/app/groups/" + s.groupId();
    } else {
      what = "image " + (s.idx() + 1);
      href = "/app/jobs/" + s.jobId();
    }
    String prompt = "";
    String thumb = null;
    try {
      SharedContent.Shown shown = content.of(s);
      prompt = shown.prompt();
      thumb = shown.first().map(p -> thumb(p.image())).orElse(null);
    } catch (GalleryNotFoundException | JobNotFoundException e) {
      // The shared group or job is gone: the row still says what the link was.
    }
    return new Views.ShareRow(thumb, prompt, what, href, state, live ? s.id() : null);
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
  public HttpResponse<String> open(@PathVariable String token, HttpRequest<?> request) {
    Share share = shares.open(token);
    SharedContent.Shown shown = content.of(share);
    String url = origin(request) + "/s/" + token;
    Views.OpenGraph og =
        shown.first().isEmpty()
            ? null
            : new Views.OpenGraph(title(shown.prompt()), description(shown), url + "/preview", url);
    List<Views.SharedRow> rows = null;
    List<Views.SharedImage> images = List.of();
    if (shown.group()) {
      rows = shown.sections().stream().map(s -> new Views.SharedRow(s.title(), images(s))).toList();
    } else if (!shown.sections().isEmpty()) {
      images = images(shown.sections().get(0));
    }
    MutableHttpResponse<String> response =
        pages.html(
            "shared",
            new Views.SharedPage(
                Views.Shell.open("Shared"),
                shown.prompt(),
                rows,
                images,
                share.expiresAt().toString(),
                og));
    return tokenInUrl(response);
  }

  /**
   * The share's preview image for link cards: a redirect to a freshly signed URL of its first
   * image, so the card's image works for as long as the share does. Only a live share's token opens
   * it, like the page.
   */
  @Get("/s/{token}/preview")
  public HttpResponse<?> preview(@PathVariable String token) {
    SharedContent.Preview preview =
        content
            .of(shares.open(token))
            .first()
            .orElseThrow(() -> new GalleryNotFoundException("share preview"));
    return tokenInUrl(HttpResponse.status(HttpStatus.FOUND))
        .header("Location", preview.image().url());
  }

  /** The token is in the URL: no referrer leaks it, no cache keeps the page after revocation. */
  private static <T> MutableHttpResponse<T> tokenInUrl(MutableHttpResponse<T> response) {
    response.getHeaders().set("Referrer-Policy", "no-referrer");
    response.getHeaders().set("Cache-Control", "no-store");
    return response;
  }

  private static List<Views.SharedImage> images(SharedContent.Section section) {
    JobView job = section.job();
    return section.images().stream()
        .map(
            i ->
                new Views.SharedImage(
                    i.url(),
                    thumb(i),
                    JobFragments.alt(job, i.index()),
                    job.parameters().width(),
                    job.parameters().height()))
        .toList();
  }

  private static String thumb(GalleryJob.GalleryImage image) {
    return image.thumbUrl() == null ? image.url() : image.thumbUrl();
  }

  private static String title(String prompt) {
    return clip(prompt, TITLE_MAX_CHARS) + " · Goldpan";
  }

  private static String description(SharedContent.Shown shown) {
    int n = shown.imageCount();
    return clip(
        "AI-generated "
            + (n == 1 ? "image" : n + " images")
            + " from the prompt “"
            + shown.prompt()
            + "”, made with Goldpan.",
        DESCRIPTION_MAX_CHARS);
  }

  private static String clip(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    if (oneLine.length() <= max) {
      return oneLine;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return oneLine.substring(0, end).strip() + "…";
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
