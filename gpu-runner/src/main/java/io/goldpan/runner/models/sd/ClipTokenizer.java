package io.goldpan.runner.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.AddedToken;
import io.goldpan.runner.models.sd.internal.BpeVocabulary;
import io.goldpan.runner.models.sd.internal.ByteLevel;
import io.goldpan.runner.models.sd.internal.BytePairEncoder;
import io.goldpan.runner.models.sd.internal.Json;
import io.goldpan.runner.models.sd.internal.SpecialTokens;
import io.goldpan.runner.models.sd.internal.TokenizerFiles;
import io.goldpan.runner.models.sd.internal.TokenizerJson;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CLIP byte-level BPE tokenizer of a Stable Diffusion model, giving the same ids as
 * transformers' {@code CLIPTokenizer} (which is {@code CLIPTokenizerFast} in transformers 5, and
 * which the original CLIP tokenizer agrees with): special tokens cut out, NFC, whitespace runs to
 * one space, lower case, CLIP's split pattern, BPE, then {@code <|startoftext|>} … {@code
 * <|endoftext|>} truncated and padded to {@link #maxLength()}. Thread-safe.
 *
 * <p>It reads {@code tokenizer/tokenizer.json} (all transformers 5 writes) or {@code vocab.json} +
 * {@code merges.txt} (older exports), with {@code special_tokens_map.json} and {@code
 * tokenizer_config.json} when present. When both layouts are there they must hold the same
 * vocabulary and merges, and then {@code tokenizer.json} is used, as transformers 5 does: one that
 * disagrees is refused, since transformers 4 read the other and the images would depend on which.
 */
public final class ClipTokenizer {
  /**
   * CLIP's split pattern, special tokens first, as transformers' CLIP tokenizer writes it. {@code
   * \s} there is Unicode White_Space.
   */
  private static final Pattern WORDS =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|"
              + "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          Pattern.UNICODE_CHARACTER_CLASS);

  /**
   * The GPT-2 pattern that transformers' byte-level pre-tokenizer applies again to each CLIP word:
   * it only splits {@code <|endoftext|>} left there into {@code <|}, {@code endoftext}, {@code |>}
   * (a special token typed in a case that does not match).
   */
  private static final Pattern BYTE_LEVEL_WORDS =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]+|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int DEFAULT_MAX_LENGTH = 77;

  private final Map<String, Integer> vocab;
  private final BytePairEncoder bpe;
  private final int bosId;
  private final int eosId;
  private final int padId;
  private final int unkId;
  private final int maxLength;
  private final Pattern exactTokens;
  private final Pattern normalizedTokens;

  private ClipTokenizer(
      Map<String, Integer> vocab, BytePairEncoder bpe, SpecialTokens special, int maxLength) {
    this.vocab = vocab;
    this.bpe = bpe;
    this.bosId = vocab.get(special.bos());
    this.eosId = vocab.get(special.eos());
    this.padId = vocab.get(special.pad());
    this.unkId = vocab.get(special.unk());
    this.maxLength = maxLength;
    this.exactTokens = alternatives(special.added().values(), false);
    this.normalizedTokens = alternatives(special.added().values(), true);
  }

  /**
   * Loads the tokenizer in {@code directory}: {@code tokenizer.json}, or {@code vocab.json} and
   * {@code merges.txt}, and, when present, {@code special_tokens_map.json} and {@code
   * tokenizer_config.json} (special tokens, maximum length).
   *
   * @throws ModelException naming the file that is missing or malformed, or the files that disagree
   */
  public static ClipTokenizer load(Path directory) {
    TokenizerFiles files = TokenizerFiles.locate(directory);
    BpeVocabulary vocabulary;
    List<AddedToken> declared;
    Path source;
    if (files.tokenizerJson() != null) {
      TokenizerJson json = TokenizerJson.read(files.tokenizerJson());
      if (files.hasBoth()) {
        BpeVocabulary legacy = BpeVocabulary.read(files.vocab(), files.merges());
        Optional<String> difference =
            json.vocabulary().difference(legacy, "tokenizer.json", "vocab.json/merges.txt");
        if (difference.isPresent()) {
          throw new ModelException(
              "tokenizer in "
                  + directory
                  + ": tokenizer.json and vocab.json/merges.txt disagree ("
                  + difference.get()
                  + "); keep the one the model was trained with and delete the other");
        }
      }
      vocabulary = json.vocabulary();
      declared = json.addedTokens();
      source = files.tokenizerJson();
    } else {
      vocabulary = BpeVocabulary.read(files.vocab(), files.merges());
      declared = List.of();
      source = files.vocab();
    }
    JsonNode config = Json.readOptional(directory.resolve("tokenizer_config.json"));
    SpecialTokens special =
        SpecialTokens.resolve(
            declared,
            Json.readOptional(directory.resolve("special_tokens_map.json")),
            config,
            directory);
    for (String token : special.added().keySet()) {
      if (!vocabulary.vocab().containsKey(token)) {
        throw new ModelException(
            "tokenizer in "
                + directory
                + " names special token '"
                + token
                + "' that "
                + source.getFileName()
                + " lacks");
      }
    }
    return new ClipTokenizer(
        vocabulary.vocab(),
        new BytePairEncoder(vocabulary.ranks()),
        special,
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
   * their own ids, as transformers does with added tokens: the {@code normalized} ones are looked
   * for in the normalised text, so in any case, the others only as typed.
   */
  public List<Integer> tokenize(String text) {
    List<Integer> ids = new ArrayList<>();
    cut(
        text,
        exactTokens,
        ids,
        piece -> cut(normalize(piece), normalizedTokens, ids, words -> encodeWords(words, ids)));
    return ids;
  }

  private void cut(String text, Pattern tokens, List<Integer> ids, Consumer<String> rest) {
    if (tokens == null) {
      rest.accept(text);
      return;
    }
    Matcher special = tokens.matcher(text);
    int start = 0;
    while (special.find()) {
      rest.accept(text.substring(start, special.start()));
      ids.add(vocab.get(special.group()));
      start = special.end();
    }
    rest.accept(text.substring(start));
  }

  private void encodeWords(String normalized, List<Integer> ids) {
    Matcher words = WORDS.matcher(normalized);
    while (words.find()) {
      Matcher pieces = BYTE_LEVEL_WORDS.matcher(words.group());
      while (pieces.find()) {
        for (String symbol : bpe.encode(ByteLevel.encode(pieces.group()))) {
          ids.add(vocab.getOrDefault(symbol, unkId));
        }
      }
    }
  }

  /**
   * Leftmost-longest alternatives of the tokens with that {@code normalized} flag; null if none.
   */
  private static Pattern alternatives(Collection<AddedToken> tokens, boolean normalized) {
    List<String> contents =
        tokens.stream()
            .filter(token -> token.normalized() == normalized)
            .map(AddedToken::content)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.toList());
    return contents.isEmpty() ? null : Pattern.compile(String.join("|", contents));
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
}
