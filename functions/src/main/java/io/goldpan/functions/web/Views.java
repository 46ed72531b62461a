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

  /**
   * What every page's shell needs; {@code csrf} is {@code null} for a page not signed in, {@code
   * tab} names the main navigation's link for this page (gallery, new, styles, shares, keys), if
   * any.
   */
  public record Shell(String title, @Nullable String csrf, @Nullable String tab) {
    static Shell signedIn(String title, WebSession session) {
      return new Shell(title, session.csrfToken(), null);
    }

    static Shell signedIn(String title, WebSession session, String tab) {
      return new Shell(title, session.csrfToken(), tab);
    }

    static Shell open(String title) {
      return new Shell(title, null, null);
    }

    /** {@code "page"} for the navigation link of this page's tab, else {@code null}. */
    @Nullable public String current(String name) {
      return name.equals(tab) ? "page" : null;
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

  /**
   * One image with its keep / discard / share forms, and what the full-screen viewer shows of it:
   * its own seed, size, steps and model, and the actions that start from it.
   */
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
      long seed,
      String size,
      int steps,
      String model) {

    /** "More like this": the same prompt and settings, new seeds (a POST). */
    public String moreAction() {
      return "/app/jobs/" + jobId + "/more";
    }

    /** The style picker, starting from this image's seed. */
    public String stylesHref() {
      return reuseHref() + "&pick=styles";
    }

    /** The submit form prefilled from this image. */
    public String reuseHref() {
      return "/app/new?from=" + jobId + "&image=" + index;
    }
  }

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

  /**
   * One job in the gallery; {@code created} is an ISO-8601 instant for {@code <time datetime>} and
   * {@code createdText} its readable UTC form (the script turns it into "3 min ago").
   */
  public record GalleryItem(
      String jobId,
      String prompt,
      String badge,
      String href,
      @Nullable String style,
      String created,
      String createdText,
      Images images) {}

  /**
   * The gallery's list of jobs with its page links (query strings): the page's body and its live
   * region; {@code error} says what is wrong with the search.
   */
  public record GalleryList(
      String query,
      String show,
      @Nullable String error,
      List<GalleryItem> items,
      @Nullable String newer,
      @Nullable String older) {

    /** What the empty list says was looked for: the search words and the filter, if any. */
    public String searched() {
      String filter =
          switch (show) {
            case "kept" -> "kept images";
            case "discarded" -> "discarded images";
            default -> "";
          };
      if (query.isEmpty()) {
        return filter;
      }
      return "“" + query + "”" + (filter.isEmpty() ? "" : " among " + filter);
    }
  }

  /**
   * The gallery; {@code live} is the URL its list refreshes from (only the first page, where new
   * jobs appear), else {@code null}.
   */
  public record GalleryPage(
      Shell shell,
      String query,
      List<Option> shows,
      long purgeable,
      GalleryList list,
      @Nullable String live) {}

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

  public record ShareCreated(Shell shell, boolean group, String expiresAt, String url) {}

  /** One share link; {@code revokeId} is {@code null} once it can no longer be revoked. */
  public record ShareRow(
      @Nullable String groupId,
      @Nullable String jobId,
      int imageNo,
      String state,
      @Nullable String revokeId) {}

  public record ShareList(Shell shell, List<ShareRow> shares) {}

  public record SharedImage(String url, String alt) {}

  public record SharedRow(String title, List<SharedImage> images) {}

  /** The page a share link opens: a group's rows, or one job's images. */
  public record SharedPage(
      Shell shell,
      String prompt,
      @Nullable List<SharedRow> rows,
      List<SharedImage> images,
      String expiresAt) {}
}
