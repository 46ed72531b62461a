package io.goldpan.runner.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.ByteLevel;
import io.goldpan.runner.models.sd.internal.BytePairEncoder;
import io.goldpan.runner.models.sd.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CLIP byte-level BPE tokenizer of a Stable Diffusion model ({@code tokenizer/vocab.json} +
 * {@code merges.txt}), giving the same ids as transformers' {@code CLIPTokenizer} (the
 * tokenizers-backed one, which the original CLIP tokenizer and {@code CLIPTokenizerFast} agree
 * with): NFC, whitespace runs to one space, lower case, CLIP's split pattern, BPE, then {@code
 * <|startoftext|>} … {@code <|endoftext|>} truncated and padded to {@link #maxLength()}.
 * Thread-safe.
 */
public final class ClipTokenizer {
  /**
   * CLIP's split pattern without its two special-token alternatives: transformers' byte-level
   * pre-tokenizer re-splits those pieces with the GPT-2 pattern anyway, and exact special tokens
   * are cut out before normalisation. {@code \s} there is Unicode White_Space.
   */
  private static final Pattern WORDS =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int DEFAULT_MAX_LENGTH = 77;
  private static final String DEFAULT_BOS = "<|startoftext|>";
  private static final String DEFAULT_EOS = "<|endoftext|>";

  private final Map<String, Integer> vocab;
  private final BytePairEncoder bpe;
  private final int bosId;
  private final int eosId;
  private final int padId;
  private final int unkId;
  private final int maxLength;
  private final Pattern specialTokens;

  private ClipTokenizer(
      Map<String, Integer> vocab,
      BytePairEncoder bpe,
      List<String> specials,
      int bosId,
      int eosId,
      int padId,
      int unkId,
      int maxLength) {
    this.vocab = vocab;
    this.bpe = bpe;
    this.bosId = bosId;
    this.eosId = eosId;
    this.padId = padId;
    this.unkId = unkId;
    this.maxLength = maxLength;
    this.specialTokens =
        Pattern.compile(
            specials.stream()
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
  }

  /**
   * Loads {@code vocab.json}, {@code merges.txt} and, when present, {@code special_tokens_map.json}
   * and {@code tokenizer_config.json} (pad token, maximum length) from {@code directory}.
   *
   * @throws ModelException naming the file that is missing or malformed
   */
  public static ClipTokenizer load(Path directory) {
    Map<String, Integer> vocab = readVocab(directory.resolve("vocab.json"));
    BytePairEncoder bpe = new BytePairEncoder(readMerges(directory.resolve("merges.txt")));
    JsonNode specials = Json.readOptional(directory.resolve("special_tokens_map.json"));
    JsonNode config = Json.readOptional(directory.resolve("tokenizer_config.json"));

    String bos =
        firstNonNull(
            Json.token(specials, "bos_token"), Json.token(config, "bos_token"), DEFAULT_BOS);
    String eos =
        firstNonNull(
            Json.token(specials, "eos_token"), Json.token(config, "eos_token"), DEFAULT_EOS);
    String pad =
        firstNonNull(Json.token(specials, "pad_token"), Json.token(config, "pad_token"), eos);
    String unk =
        firstNonNull(Json.token(specials, "unk_token"), Json.token(config, "unk_token"), eos);
    for (String token : List.of(bos, eos, pad, unk)) {
      if (!vocab.containsKey(token)) {
        throw new ModelException(
            "tokenizer in "
                + directory
                + " names special token '"
                + token
                + "' that vocab.json lacks");
      }
    }
    return new ClipTokenizer(
        vocab,
        bpe,
        List.of(bos, eos, pad, unk),
        vocab.get(bos),
        vocab.get(eos),
        vocab.get(pad),
        vocab.get(unk),
        maxLength(config, directory));
  }

  /** Sequence length of every {@link #encode} result, {@code model_max_length} (77 for CLIP). */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Id the shorter prompts are padded with: {@code <|endoftext|>} for SD 1.x, {@code !} for SD 2.x.
   */
  public int padId() {
    return padId;
  }

  /**
   * Token ids of {@code prompt}: {@code [bos, tokens…, eos, pad…]}, exactly {@link #maxLength()}
   * long; a longer prompt is truncated and still ends with {@code eos}.
   */
  public int[] encode(String prompt) {
    List<Integer> tokens = tokenize(prompt);
    int[] ids = new int[maxLength];
    Arrays.fill(ids, padId);
    ids[0] = bosId;
    int kept = Math.min(tokens.size(), maxLength - 2);
    for (int i = 0; i < kept; i++) {
      ids[i + 1] = tokens.get(i);
    }
    ids[kept + 1] = eosId;
    return ids;
  }

  /**
   * Token ids of {@code text} without the start/end tokens, padding or truncation. Special tokens
   * typed in the text (including the pad token, so {@code !} for SD 2.x) are cut out first and keep
   * their own ids, as transformers does with added tokens.
   */
  public List<Integer> tokenize(String text) {
    List<Integer> ids = new ArrayList<>();
    Matcher special = specialTokens.matcher(text);
    int start = 0;
    while (special.find()) {
      tokenizeSegment(text.substring(start, special.start()), ids);
      ids.add(vocab.get(special.group()));
      start = special.end();
    }
    tokenizeSegment(text.substring(start), ids);
    return ids;
  }

  private void tokenizeSegment(String segment, List<Integer> ids) {
    Matcher words = WORDS.matcher(normalize(segment));
    while (words.find()) {
      for (String symbol : bpe.encode(ByteLevel.encode(words.group()))) {
        ids.add(vocab.getOrDefault(symbol, unkId));
      }
    }
  }

  /**
   * NFC, whitespace runs to one space, then lower case code point by code point (no final sigma).
   */
  static String normalize(String text) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    String spaced = WHITESPACE.matcher(composed).replaceAll(" ");
    StringBuilder lower = new StringBuilder(spaced.length());
    spaced
        .codePoints()
        .forEach(
            cp -> {
              if (cp < 0x80) {
                lower.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
              } else {
                lower.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
              }
            });
    return lower.toString();
  }

  private static Map<String, Integer> readVocab(Path file) {
    JsonNode node = Json.read(file);
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
    return Map.copyOf(vocab);
  }

  private static Map<String, Integer> readMerges(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelException(
          (Files.exists(file) ? "cannot read model file " : "missing model file ")
              + file
              + ": "
              + e.getMessage(),
          e);
    }
    Map<String, Integer> ranks = new HashMap<>(lines.size() * 2);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String[] pair = line.split(" ", -1);
      if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
        throw new ModelException(
            "malformed model file " + file + ": line " + (i + 1) + " is not a merge pair");
      }
      ranks.putIfAbsent(line, ranks.size());
    }
    return ranks;
  }

  private static int maxLength(JsonNode config, Path directory) {
    JsonNode node = config.get("model_max_length");
    if (node == null || !node.isNumber() || node.asDouble() > 1e6) {
      return DEFAULT_MAX_LENGTH;
    }
    if (node.asInt() < 2) {
      throw new ModelException(
          "tokenizer_config.json in " + directory + ": model_max_length " + node + " is below 2");
    }
    return node.asInt();
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
