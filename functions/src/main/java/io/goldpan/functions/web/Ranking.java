package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.jobs.JobView;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order a page shows images in: as painted, or best first (docs/scores.md), optionally with its
 * bottom {@code hide} % folded away until the person asks for the rest. Read from the {@code order}
 * and {@code hide} query parameters; an unknown order reads as painted, {@code hide} is clamped to
 * 0…{@value #MAX_HIDE}, as the gallery treats its other parameters.
 *
 * @param best best first: higher aesthetic score first, then higher prompt match; unscored last
 * @param hide the bottom percentage folded away (0 to {@value #MAX_HIDE}); only when {@code best}
 */
record Ranking(boolean best, int hide) {
  static final int MAX_HIDE = 90;
  static final Ranking AS_PAINTED = new Ranking(false, 0);

  /** The choices a page offers, as {@code order} and {@code hide} values and their labels. */
  private static final List<Ranking> CHOICES =
      List.of(AS_PAINTED, new Ranking(true, 0), new Ranking(true, 50));

  /** Best first: scored images by aesthetic score then prompt match, both descending. */
  static final Comparator<JobView.Scores> SCORES =
      Comparator.comparingDouble(JobView.Scores::aesthetic)
          .thenComparingDouble(JobView.Scores::promptMatch)
          .reversed();

  Ranking {
    hide = best ? Math.max(0, Math.min(MAX_HIDE, hide)) : 0;
  }

  static Ranking of(@Nullable String order, @Nullable String hide) {
    if (!"best".equals(order)) {
      return AS_PAINTED;
    }
    int percent = 0;
    if (hide != null) {
      try {
        percent = Integer.parseInt(hide.strip());
      } catch (NumberFormatException e) {
        percent = 0;
      }
    }
    return new Ranking(true, percent);
  }

  /** The query parameters that give this order, e.g. {@code order=best&hide=50}; "" as painted. */
  String query() {
    if (!best) {
      return "";
    }
    return hide > 0 ? "order=best&hide=" + hide : "order=best";
  }

  /** {@code path} with this order's query appended. */
  String on(String path) {
    String q = query();
    return q.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + q;
  }

  /** The page's order links: as painted, best first, and best half only. */
  List<Views.Option> links(String path) {
    List<Views.Option> links = new ArrayList<>();
    for (Ranking choice : CHOICES) {
      links.add(new Views.Option(choice.on(path), choice.label(), choice.equals(this)));
    }
    return links;
  }

  private String label() {
    if (!best) {
      return "As painted";
    }
    return hide == 0 ? "Best first" : "Best " + (100 - hide) + " %";
  }

  /** {@code images} in this order (a stable sort: ties keep their painted order). */
  List<GalleryJob.GalleryImage> sort(List<GalleryJob.GalleryImage> images) {
    if (!best) {
      return images;
    }
    List<GalleryJob.GalleryImage> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparing(GalleryJob.GalleryImage::scores, nullsLast()));
    return sorted;
  }

  /** Best first over scores, unscored ({@code null}) last. */
  static Comparator<JobView.Scores> nullsLast() {
    return Comparator.nullsLast(SCORES);
  }

  /**
   * How many of {@code count} sorted images stay in view: all but the bottom {@link #hide} %
   * (rounded down, so a small job hides less), and all when none is scored (nothing says which is
   * worse).
   */
  int shown(int count, boolean anyScored) {
    if (!best || hide == 0 || !anyScored) {
      return count;
    }
    return count - count * hide / 100;
  }

  /** A score as a badge shows it: aesthetic to one decimal, prompt match whole. */
  static @Nullable String badge(@Nullable JobView.Scores scores) {
    if (scores == null) {
      return null;
    }
    return String.format(Locale.ROOT, "%.1f · %.0f", scores.aesthetic(), scores.promptMatch());
  }
}
