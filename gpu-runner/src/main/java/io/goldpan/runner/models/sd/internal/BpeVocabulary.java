package io.goldpan.runner.models.sd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The vocabulary and merge list of a byte-level BPE model, read from {@code vocab.json} + {@code
 * merges.txt} or from the {@code model} of a {@code tokenizer.json}.
 *
 * @param vocab id by token
 * @param merges merge pairs {@code "first second"}, in rank order
 */
public record BpeVocabulary(Map<String, Integer> vocab, List<String> merges) {
  public BpeVocabulary {
    vocab = Map.copyOf(vocab);
    merges = List.copyOf(merges);
  }

  /**
   * Reads {@code vocab.json} and {@code merges.txt}.
   *
   * @throws ModelException naming the file that is missing or malformed
   */
  public static BpeVocabulary read(Path vocabFile, Path mergesFile) {
    BpeVocabulary vocabulary = new BpeVocabulary(vocab(Json.read(vocabFile), vocabFile), List.of());
    List<String> lines;
    try {
      lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelException(
          (Files.exists(mergesFile) ? "cannot read model file " : "missing model file ")
              + mergesFile
              + ": "
              + e.getMessage(),
          e);
    }
    List<String> merges = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String[] pair = line.split(" ", -1);
      if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
        throw new ModelException(
            "malformed model file " + mergesFile + ": line " + (i + 1) + " is not a merge pair");
      }
      merges.add(line);
    }
    return new BpeVocabulary(vocabulary.vocab(), merges);
  }

  /**
   * The {@code vocab} and {@code merges} of a tokenizer.json {@code model}; a merge is a string
   * {@code "a b"} or, in newer files, an array {@code ["a", "b"]}.
   */
  static BpeVocabulary fromModel(JsonNode model, Path file) {
    JsonNode vocab = model.get("vocab");
    JsonNode merges = model.get("merges");
    if (vocab == null || !vocab.isObject() || merges == null || !merges.isArray()) {
      throw new ModelException(
          "malformed model file " + file + ": model.vocab or model.merges is missing");
    }
    List<String> pairs = new ArrayList<>(merges.size());
    for (int i = 0; i < merges.size(); i++) {
      JsonNode merge = merges.get(i);
      String pair = null;
      if (merge.isTextual() && merge.asText().split(" ", -1).length == 2) {
        pair = merge.asText();
      } else if (merge.isArray()
          && merge.size() == 2
          && merge.get(0).isTextual()
          && merge.get(1).isTextual()) {
        pair = merge.get(0).asText() + " " + merge.get(1).asText();
      }
      if (pair == null || pair.startsWith(" ") || pair.endsWith(" ")) {
        throw new ModelException(
            "malformed model file " + file + ": model.merges[" + i + "] is not a merge pair");
      }
      pairs.add(pair);
    }
    return new BpeVocabulary(vocab(vocab, file), pairs);
  }

  /** Merge rank by pair, lower merges first; a repeated pair keeps its first rank. */
  public Map<String, Integer> ranks() {
    Map<String, Integer> ranks = new HashMap<>(merges.size() * 2);
    for (String merge : merges) {
      ranks.putIfAbsent(merge, ranks.size());
    }
    return ranks;
  }

  /**
   * How {@code other} differs from this vocabulary, in words; empty when both are the same.
   *
   * @param name what this vocabulary was read from, for the words
   * @param otherName what {@code other} was read from
   */
  public Optional<String> difference(BpeVocabulary other, String name, String otherName) {
    if (!vocab.equals(other.vocab)) {
      TreeSet<String> tokens = new TreeSet<>(vocab.keySet());
      tokens.addAll(other.vocab.keySet());
      for (String token : tokens) {
        Integer mine = vocab.get(token);
        Integer theirs = other.vocab.get(token);
        if (mine == null || !mine.equals(theirs)) {
          return Optional.of(
              "token '"
                  + token
                  + "' has id "
                  + mine
                  + " in "
                  + name
                  + " and "
                  + theirs
                  + " in "
                  + otherName);
        }
      }
    }
    for (int i = 0; i < Math.max(merges.size(), other.merges.size()); i++) {
      String mine = i < merges.size() ? merges.get(i) : null;
      String theirs = i < other.merges.size() ? other.merges.get(i) : null;
      if (mine == null || !mine.equals(theirs)) {
        return Optional.of(
            "merge " + (i + 1) + " is '" + mine + "' in " + name + " and '" + theirs + "' in "
                + otherName);
      }
    }
    return Optional.empty();
  }

  private static Map<String, Integer> vocab(JsonNode node, Path file) {
    Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().canConvertToInt()) {
        throw new ModelException(
            "malformed model file " + file + ": id of '" + field.getKey() + "' is not an integer");
      }
      vocab.put(field.getKey(), field.getValue().intValue());
    }
    return vocab;
  }
}
