package io.goldpan.runner.models.sd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.nio.file.Path;

/**
 * A token the tokenizer cuts out of the text before BPE, as transformers declares it: a plain
 * string ({@code "pad_token": "!"}) or an AddedToken object. A {@code normalized} token is matched
 * in the normalised (lower-cased) text, so {@code <|ENDOFTEXT|>} finds {@code <|endoftext|>}; the
 * others only where typed exactly.
 *
 * @param content the token's text
 * @param plain declared as a plain string (which transformers never takes for equal to an object)
 * @param normalized matched after normalisation; false for plain strings, as in transformers
 */
public record AddedToken(String content, boolean plain, boolean normalized) {

  /**
   * The token declared by {@code node} (a string or an object with {@code content}), or null when
   * {@code node} is absent or null.
   *
   * @throws ModelException when the token uses {@code lstrip}, {@code rstrip} or {@code
   *     single_word}, which CLIP tokenizers never do and the runner does not reproduce
   */
  public static AddedToken of(JsonNode node, Path file) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return new AddedToken(node.asText(), true, false);
    }
    JsonNode content = node.get("content");
    if (!node.isObject() || content == null || !content.isTextual()) {
      throw new ModelException(
          "malformed model file " + file + ": token " + node + " has no textual content");
    }
    for (String flag : new String[] {"lstrip", "rstrip", "single_word"}) {
      if (node.path(flag).asBoolean(false)) {
        throw new ModelException(
            "unsupported tokenizer in "
                + file
                + ": token '"
                + content.asText()
                + "' sets "
                + flag
                + ", which CLIP tokenizers do not use");
      }
    }
    return new AddedToken(content.asText(), false, node.path("normalized").asBoolean(false));
  }
}
