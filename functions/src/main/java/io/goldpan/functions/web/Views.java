package io.goldpan.functions.web;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The view models: one record per page or live fragment, each rendered by the JTE template of the
 * same name under {@code src/main/jte}. Values are plain text; the templates escape them.
 */
public final class Views {
  private Views() {}

  /** What every page's shell needs; {@code csrf} is {@code null} for a page not signed in. */
  public record Shell(String title, @Nullable String csrf) {
    static Shell signedIn(String title, WebSession session) {
      return new Shell(title, session.csrfToken());
    }

    static Shell open(String title) {
      return new Shell(title, null);
    }
  }

  /** A short page that says one thing: not found, gone, busy, try again, failed. */
  public record MessagePage(Shell shell, String heading, String text, boolean backLink) {}

  public record LoginPage(Shell shell, @Nullable String error) {}

  /** The runner status line in the header. */
  public record StatusLine(boolean awake, String summary, String depth, String runners) {}

  /** Where a job is; {@code kind} is queued, starting, running, done or error. */
  public record Progress(
      String kind,
      @Nullable Long position,
      boolean runnerAwake,
      long queued,
      int step,
      int total,
      String error) {}

  /** One image with its keep / discard / share forms. */
  public record Image(
      int index,
      String state,
      boolean purged,
      String url,
      String src,
      String alt,
      String markAction,
      String keepValue,
      boolean kept,
      String discardValue,
      boolean discarded,
      String jobId,
      long seed) {}

  public record Images(String csrf, String back, List<Image> images) {}

  /** A job page's live region. */
  public record JobLive(String badge, Progress progress, Images images) {}

  public record GroupRow(
      String style,
      String jobId,
      String title,
      long kept,
      int total,
      Progress progress,
      Images images) {}

  /** A group page's live region: one row per style. */
  public record GroupLive(List<GroupRow> rows) {}

  public record Option(String value, String label, boolean selected) {}

  public record GalleryItem(
      String jobId,
      String prompt,
      String badge,
      String href,
      @Nullable String style,
      Images images) {}

  public record GalleryPage(
      Shell shell,
      String query,
      List<Option> shows,
      long purgeable,
      List<GalleryItem> items,
      @Nullable String newer,
      @Nullable String older) {}

  public record Detail(String name, String value) {}

  public record JobPage(
      Shell shell,
      String jobId,
      String prompt,
      @Nullable String groupId,
      @Nullable String style,
      JobLive live,
      boolean done,
      List<Detail> details) {}

  public record GroupPage(
      Shell shell, String groupId, String prompt, GroupLive live, boolean done) {}

  public record StyleChoice(String id, String key, String name, boolean checked) {}

  /** The submit form; {@code values} and {@code errors} are keyed by field name. */
  public record SubmitPage(
      Shell shell,
      int fanOutMax,
      String idempotencyKey,
      int promptMax,
      Map<String, String> values,
      Map<String, String> errors,
      List<StyleChoice> styles,
      boolean settingsOpen,
      List<Option> widths,
      List<Option> heights,
      List<Option> models) {

    public String value(String name) {
      return values.getOrDefault(name, "");
    }

    @Nullable public String error(String name) {
      return errors.get(name);
    }
  }

  public record Preset(String id, String name, String template) {}

  public record StylesPage(
      Shell shell,
      List<Preset> presets,
      String name,
      String template,
      Map<String, String> errors,
      String placeholder,
      List<Preset> builtIn) {

    @Nullable public String error(String field) {
      return errors.get(field);
    }
  }

  /** One API key as the Keys page lists it: never its secret. */
  public record KeyRow(
      String id, String owner, String label, String created, String lastUsed, boolean yours) {}

  /**
   * The Keys page: the owner's keys (an admin's: everyone's), a form to make one, and a key just
   * made, shown this once.
   */
  public record KeysPage(
      Shell shell,
      List<KeyRow> keys,
      boolean admin,
      @Nullable String newKey,
      @Nullable String newKeyOwner,
      Map<String, String> errors) {

    @Nullable public String error(String field) {
      return errors.get(field);
    }
  }

  public record ShareError(Shell shell, String message) {}

  /**
   * A share just made: its link (shown this once), the title a share sheet gets, and what it shows
   * ({@code contents}: e.g. "the kept images of this group").
   */
  public record ShareCreated(
      Shell shell, String contents, String expiresAt, String url, String title) {}

  /**
   * One share link: a thumbnail of what it shows ({@code null} when nothing is left to show), its
   * prompt, what it shares and where that lives in the app; {@code revokeId} is {@code null} once
   * it can no longer be revoked.
   */
  public record ShareRow(
      @Nullable String thumb,
      String prompt,
      String what,
      String href,
      String state,
      @Nullable String revokeId) {}

  public record ShareList(Shell shell, List<ShareRow> shares) {}

  /** A shared image: its thumbnail in the page, its full image on tap. */
  public record SharedImage(String url, String thumb, String alt, int width, int height) {}

  public record SharedRow(String title, List<SharedImage> images) {}

  /** The Open Graph card a chat app shows for a share link; {@code image} is an absolute URL. */
  public record OpenGraph(String title, String description, String image, String url) {}

  /** The page a share link opens: a group's rows, or one job's images. */
  public record SharedPage(
      Shell shell,
      String prompt,
      @Nullable List<SharedRow> rows,
      List<SharedImage> images,
      String expiresAt,
      @Nullable OpenGraph og) {}

  /**
   * Purge's confirmation: how many discarded images and how much space purging frees; {@code
   * confirm} is what the form sends back to confirm exactly this set; {@code done} says what the
   * last purge freed.
   */
  public record PurgePage(
      Shell shell, int images, String frees, String confirm, @Nullable String done) {}
}
