package io.goldpan.runner.models.sd.internal;

import io.goldpan.runner.models.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a CLIP tokenizer directory: {@code tokenizer.json} (what transformers 5 writes),
 * {@code vocab.json} + {@code merges.txt} (what older exports ship), or both.
 *
 * @param directory the tokenizer directory
 * @param tokenizerJson {@code tokenizer.json}, or null when absent
 * @param vocab {@code vocab.json}, or null when absent
 * @param merges {@code merges.txt}, or null when absent
 */
public record TokenizerFiles(Path directory, Path tokenizerJson, Path vocab, Path merges) {
  public static final String TOKENIZER_JSON = "tokenizer.json";
  public static final String VOCAB_JSON = "vocab.json";
  public static final String MERGES_TXT = "merges.txt";

  /**
   * Finds the tokenizer files in {@code directory}.
   *
   * @throws ModelException naming the files looked for when there is neither {@code tokenizer.json}
   *     nor {@code vocab.json} + {@code merges.txt}
   */
  public static TokenizerFiles locate(Path directory) {
    TokenizerFiles files =
        new TokenizerFiles(
            directory,
            existing(directory.resolve(TOKENIZER_JSON)),
            existing(directory.resolve(VOCAB_JSON)),
            existing(directory.resolve(MERGES_TXT)));
    if (files.tokenizerJson == null && (files.vocab == null || files.merges == null)) {
      // name the file most likely meant: vocab.json's partner when only it is there
      String missing =
          files.vocab == null && files.merges == null
              ? TOKENIZER_JSON
              : files.vocab == null ? VOCAB_JSON : MERGES_TXT;
      throw new ModelException(
          "missing model file "
              + directory.resolve(missing)
              + ": a tokenizer needs "
              + TOKENIZER_JSON
              + ", or "
              + VOCAB_JSON
              + " and "
              + MERGES_TXT
              + ", in "
              + directory);
    }
    return files;
  }

  /** Whether both layouts are present, so that they must agree. */
  public boolean hasBoth() {
    return tokenizerJson != null && vocab != null && merges != null;
  }

  private static Path existing(Path file) {
    return Files.isRegularFile(file) ? file : null;
  }
}
