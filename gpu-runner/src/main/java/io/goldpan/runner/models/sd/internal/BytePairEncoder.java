package io.goldpan.runner.models.sd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-pair encoding of one pre-tokenised word: the word's last symbol carries the {@code
 * </w>} end-of-word marker, and the lowest-ranked adjacent pair is merged until none is in the
 * merge table. Thread-safe; results are cached.
 */
public final class BytePairEncoder {
  public static final String END_OF_WORD = "</w>";
  private static final int CACHE_LIMIT = 10_000;

  private final Map<String, Integer> ranks;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  /**
   * @param ranks merge rank by {@code "first second"}, lower merges first
   */
  public BytePairEncoder(Map<String, Integer> ranks) {
    this.ranks = Map.copyOf(ranks);
  }

  /** The BPE symbols of {@code word}, a non-empty string of byte-level characters. */
  public List<String> encode(String word) {
    List<String> cached = cache.get(word);
    if (cached != null) {
      return cached;
    }
    List<String> symbols = merge(split(word));
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(word, symbols);
    return symbols;
  }

  private static List<String> split(String word) {
    List<String> symbols = new ArrayList<>(word.length());
    for (int i = 0; i < word.length() - 1; i++) {
      symbols.add(String.valueOf(word.charAt(i)));
    }
    symbols.add(word.charAt(word.length() - 1) + END_OF_WORD);
    return symbols;
  }

  private List<String> merge(List<String> word) {
    while (word.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      String first = null;
      String second = null;
      for (int i = 0; i < word.size() - 1; i++) {
        Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          first = word.get(i);
          second = word.get(i + 1);
        }
      }
      if (first == null) {
        break;
      }
      List<String> merged = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i < word.size() - 1 && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
          merged.add(first + second);
          i++;
        } else {
          merged.add(word.get(i));
        }
      }
      word = merged;
    }
    return List.copyOf(word);
  }
}
