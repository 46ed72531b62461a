package io.goldpan.runner.models.sd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runner takes from a {@code tokenizer.json} (the fast-tokenizer file transformers 5
 * writes): the BPE vocabulary and merges, and the added tokens with their {@code normalized} flag.
 * Its normalizer and pre-tokenizer are not read: transformers' {@code CLIPTokenizer} rebuilds
 * CLIP's own from code whatever the file says, and so does {@code ClipTokenizer}.
 *
 * @param vocabulary {@code model.vocab} and {@code model.merges}
 * @param addedTokens {@code added_tokens}, in file order
 */
public record TokenizerJson(BpeVocabulary vocabulary, List<AddedToken> addedTokens) {
  public TokenizerJson {
    addedTokens = List.copyOf(addedTokens);
  }

  /**
   * Reads {@code file}.
   *
   * @throws ModelException when it is missing, malformed or not a BPE tokenizer
   */
  public static TokenizerJson read(Path file) {
    JsonNode root = Json.read(file);
    JsonNode model = root.get("model");
    if (model == null || !model.isObject()) {
      throw new ModelException("malformed model file " + file + ": it has no model");
    }
    JsonNode type = model.get("type");
    if (type != null && !type.asText().equals("BPE")) {
      throw new ModelException(
          "unsupported tokenizer in "
              + file
              + ": model type "
              + type.asText()
              + ", expected CLIP's BPE tokenizer");
    }
    List<AddedToken> added = new ArrayList<>();
    for (JsonNode token : root.path("added_tokens")) {
      added.add(AddedToken.of(token, file));
    }
    return new TokenizerJson(BpeVocabulary.fromModel(model, file), added);
  }
}
