package io.goldpan.runner.models.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a prompt into a unit vector by feature hashing: every lower-cased word and word pair adds a
 * pseudo-random direction derived from its hash. Similar prompts share features and so land near
 * each other; no vocabulary or weights are needed.
 */
final class PromptEmbedding {
  private static final double BIGRAM_WEIGHT = 0.6;

  private PromptEmbedding() {}

  /** A unit vector of {@code size} floats for {@code prompt}. */
  static float[] of(String prompt, int size) {
    List<String> words = new ArrayList<>();
    for (String word : prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    if (words.isEmpty()) {
      // Emoji-only or punctuation-only prompts still deserve their own picture.
      words.add(prompt.strip());
    }
    double[] sum = new double[size];
    for (int i = 0; i < words.size(); i++) {
      add(sum, "w:" + words.get(i), 1.0);
      if (i + 1 < words.size()) {
        add(sum, "b:" + words.get(i) + " " + words.get(i + 1), BIGRAM_WEIGHT);
      }
    }
    return normalized(sum);
  }

  static float[] normalized(double[] vector) {
    double norm = 0;
    for (double v : vector) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = norm == 0 ? 0 : (float) (vector[i] / norm);
    }
    return unit;
  }

  private static void add(double[] sum, String feature, double weight) {
    float[] direction = CppnGraph.gaussian(new SplittableRandom(fnv1a(feature)), sum.length, 1.0);
    for (int i = 0; i < sum.length; i++) {
      sum[i] += weight * direction[i];
    }
  }

  /** 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs, unlike {@code hashCode} mixing. */
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
