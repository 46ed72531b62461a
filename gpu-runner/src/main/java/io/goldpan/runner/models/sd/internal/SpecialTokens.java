package io.goldpan.runner.models.sd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The special tokens of a CLIP tokenizer directory and every token cut out of the text before BPE,
 * resolved the way transformers 5's {@code CLIPTokenizer.from_pretrained} resolves them.
 *
 * <p>Tokens declared with ids ({@code tokenizer.json}'s {@code added_tokens}, then {@code
 * tokenizer_config.json}'s {@code added_tokens_decoder}) come first, a later declaration of the
 * same text replacing an earlier one. Then each role ({@code bos}, {@code eos}, {@code unk}, {@code
 * sep}, {@code pad}, {@code cls}, {@code mask}, then additional special tokens) takes its value
 * from {@code special_tokens_map.json}, else {@code tokenizer_config.json}, else CLIP's default,
 * and is added unless its text is already declared or an equal value is already added; the last one
 * added for a text sets its {@code normalized} flag. That is why SD 1.x's files, whose {@code
 * pad_token} is the plain string {@code <|endoftext|>}, leave {@code <|endoftext|>} matched only as
 * typed while {@code <|startoftext|>} matches in any case.
 *
 * @param bos start token
 * @param eos end token
 * @param unk unknown token
 * @param pad padding token
 * @param added every token cut out of the text, by text
 */
public record SpecialTokens(
    String bos, String eos, String unk, String pad, Map<String, AddedToken> added) {
  public static final String DEFAULT_BOS = "<|startoftext|>";
  public static final String DEFAULT_EOS = "<|endoftext|>";

  private static final List<String> ROLES =
      List.of(
          "bos_token",
          "eos_token",
          "unk_token",
          "sep_token",
          "pad_token",
          "cls_token",
          "mask_token");
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "bos_token", DEFAULT_BOS,
          "eos_token", DEFAULT_EOS,
          "unk_token", DEFAULT_EOS,
          "pad_token", DEFAULT_EOS);

  public SpecialTokens {
    added = Map.copyOf(added);
  }

  /**
   * Resolves the tokens of a tokenizer directory.
   *
   * @param declared {@code tokenizer.json}'s added tokens, empty without one
   * @param specialTokensMap {@code special_tokens_map.json}, empty when absent
   * @param config {@code tokenizer_config.json}, empty when absent
   * @param directory the tokenizer directory, for messages
   */
  public static SpecialTokens resolve(
      List<AddedToken> declared, JsonNode specialTokensMap, JsonNode config, Path directory) {
    Path stmFile = directory.resolve("special_tokens_map.json");
    Path configFile = directory.resolve("tokenizer_config.json");
    Map<String, AddedToken> added = new LinkedHashMap<>();
    declared.forEach(token -> added.put(token.content(), token));
    TreeMap<Integer, JsonNode> decoder = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = config.path("added_tokens_decoder").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      try {
        decoder.put(Integer.parseInt(entry.getKey()), entry.getValue());
      } catch (NumberFormatException e) {
        throw new ModelException(
            "malformed model file "
                + configFile
                + ": added_tokens_decoder key '"
                + entry.getKey()
                + "' is not an id",
            e);
      }
    }
    decoder.values().forEach(node -> put(added, AddedToken.of(node, configFile)));

    Set<String> present = new HashSet<>(added.keySet());
    List<AddedToken> toAdd = new ArrayList<>();
    Map<String, String> roles = new LinkedHashMap<>();
    for (String role : ROLES) {
      AddedToken token =
          specialTokensMap.hasNonNull(role)
              ? AddedToken.of(specialTokensMap.get(role), stmFile)
              : AddedToken.of(config.get(role), configFile);
      if (token == null && DEFAULTS.containsKey(role)) {
        token = new AddedToken(DEFAULTS.get(role), true, false);
      }
      if (token != null) {
        roles.put(role, token.content());
        offer(token, present, toAdd);
      }
    }
    for (String list : List.of("additional_special_tokens", "extra_special_tokens")) {
      JsonNode source = specialTokensMap.has(list) ? specialTokensMap : config;
      if (source.path(list).isArray()) {
        for (JsonNode node : source.get(list)) {
          offer(AddedToken.of(node, source == config ? configFile : stmFile), present, toAdd);
        }
      }
    }
    toAdd.forEach(token -> added.put(token.content(), token));
    return new SpecialTokens(
        roles.get("bos_token"),
        roles.get("eos_token"),
        roles.get("unk_token"),
        roles.get("pad_token"),
        added);
  }

  private static void put(Map<String, AddedToken> added, AddedToken token) {
    if (token != null) {
      added.put(token.content(), token);
    }
  }

  private static void offer(AddedToken token, Set<String> present, List<AddedToken> toAdd) {
    if (token != null && !present.contains(token.content()) && !toAdd.contains(token)) {
      toAdd.add(token);
    }
  }
}
