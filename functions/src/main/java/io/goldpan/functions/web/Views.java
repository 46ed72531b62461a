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

  /**
   * Where a job is; {@code kind} is queued, starting, running, done or error. {@code step} and
   * {@code total} count the whole job ({@code images} × steps per image).
   */
  public record Progress(
      String kind,
      @Nullable Long position,
      boolean runnerAwake,
      long queued,
      int step,
      int total,
      String error,
      int images) {

    /** Steps each image takes. */
    public int stepsPerImage() {
      return images < 1 ? total : Math.max(1, total / images);
    }

    /** The image being painted, from 1. */
    public int image() {
      return Math.min(Math.max(1, images), step / stepsPerImage() + 1);
    }

    /** Steps done of {@link #image()}. */
    public int imageStep() {
      return Math.min(stepsPerImage(), step - (image() - 1) * stepsPerImage());
    }
  }

  /**
   * One image with its keep / discard / share forms, and what the full-screen viewer shows of it:
   * its own seed, size, steps and model, and the actions that start from it; {@code score} is its
   * badge ({@link Ranking#badge}), {@code null} when unscored.
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
      String model,
      @Nullable String score) {

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

  /**
   * Images in the order shown; {@code rest} are those folded away under "Show the rest" (a best
   * first order that hides its bottom part), empty otherwise.
   */
  public record Images(String csrf, String back, List<Image> images, List<Image> rest) {
    public Images(String csrf, String back, List<Image> images) {
      this(csrf, back, images, List.of());
    }
  }

  /** A job page's live region. */
  /**
   * A job page's live region; {@code run} says how the job is going (status, times); {@code
   * preview} is the image being painted as it forms, or null.
   */
  public record JobLive(
      String badge, Progress progress, Images images, @Nullable Preview preview, List<Detail> run) {

    public JobLive(String badge, Progress progress, Images images, List<Detail> run) {
      this(badge, progress, images, null, run);
    }
  }

  /**
   * The latest preview of a running job's image, in place of the image not yet painted: {@code src}
   * is same-origin and names the preview's step, so each new preview is a new URL.
   */
  public record Preview(String src, String alt, String caption) {}

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
   * jobs appear), else {@code null}; {@code orders} the order picker's choices ({@code order}
   * values).
   */
  public record GalleryPage(
      Shell shell,
      String query,
      List<Option> shows,
      long purgeable,
      GalleryList list,
      @Nullable String live,
      List<Option> orders) {}

  public record Detail(String name, String value) {}

  /**
   * A job's page; {@code orders} links to its image orders ({@link Ranking#links}), {@code liveUrl}
   * is where its live region refreshes from, in the order shown.
   */
  public record JobPage(
      Shell shell,
      String jobId,
      String prompt,
      @Nullable String groupId,
      @Nullable String style,
      JobLive live,
      boolean done,
      List<Detail> details,
      List<Option> orders,
      String liveUrl) {}

  /**
   * @param source the picture a "Vary" group was painted from, shown first; {@code null} for others
   * @param orders links to the grid and the best-first orders
   * @param liveUrl where the live region refreshes from, in the order shown
   */
  public record GroupPage(
      Shell shell,
      String groupId,
      String prompt,
      GroupLive live,
      boolean done,
      @Nullable Source source,
      List<Option> orders,
      String liveUrl) {}

  /** The picture a group's image-to-image jobs started from, linking to its job. */
  public record Source(String href, String src, String alt) {}

  // --- iterate: the comparison grid, the groups list, the count picker, cancel ----------------

  /**
   * One cell of the comparison grid: the image of one seed in one row, or why there is none; {@code
   * state} is "", " kept", " discarded", " pending", " purged" or " missing".
   */
  public record GridCell(
      String state,
      long seed,
      boolean hasImage,
      String jobId,
      int index,
      String url,
      String src,
      String alt,
      String markAction,
      String keepValue,
      boolean kept,
      String discardValue,
      boolean discarded,
      String stylesHref,
      String note,
      @Nullable String score) {

    /** The full-screen viewer's key for this image, {@code null} for a cell without one. */
    @Nullable public String key() {
      return hasImage ? jobId + "/" + index : null;
    }

    @Nullable public String moreAction() {
      return hasImage ? "/app/jobs/" + jobId + "/more" : null;
    }

    @Nullable public String reuseHref() {
      return hasImage ? "/app/new?from=" + jobId + "&image=" + index : null;
    }
  }

  /** One row of the grid: a style or prompt variant, painted by one or more jobs. */
  public record GridRow(
      String style,
      String title,
      String jobId,
      int jobs,
      long kept,
      int total,
      Progress progress,
      List<GridCell> cells) {}

  /**
   * A group page's live region: the grid, one column per seed so the same seed lines up down the
   * page, and Cancel while anything is unfinished; in a best-first order, {@code ranked} replaces
   * the grid: every image of the group, best first.
   */
  public record GroupLive(
      String groupId,
      String csrf,
      String back,
      List<Long> seeds,
      List<GridRow> rows,
      boolean unfinished,
      @Nullable Images ranked) {}

  /** One of the owner's groups in the list of groups; {@code thumb} is {@code null} before any. */
  public record GroupItem(
      String groupId,
      String prompt,
      @Nullable String thumb,
      String thumbAlt,
      String summary,
      String badge,
      String created) {}

  public record GroupsPage(
      Shell shell, List<GroupItem> groups, @Nullable String newer, @Nullable String older) {}

  /** A radio of the count picker. */
  public record CountChoice(String id, int count, boolean checked) {}

  /** A short answer with a way back, e.g. "nothing to cancel" for a job that already finished. */
  public record Notice(Shell shell, String heading, String text, String href, String linkText) {}

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
      List<Option> models,
      List<CountChoice> counts,
      String countOther,
      int countMax,
      @Nullable String pickNotice) {

    /** Whether the count is none of the picker's buttons, so "Other" is checked. */
    public boolean otherCount() {
      return counts.stream().noneMatch(CountChoice::checked);
    }

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

  /**
   * The owner's share links, and whether share pages and their files carry the prompt ({@code
   * sharePrompts}).
   */
  public record ShareList(Shell shell, List<ShareRow> shares, boolean sharePrompts) {}

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
