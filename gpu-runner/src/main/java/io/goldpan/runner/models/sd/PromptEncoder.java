package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.ModelException;

/**
 * A prompt to what the UNet is conditioned on, as diffusers encodes it: for SD 1.x/2.x the CLIP
 * encoder's {@code last_hidden_state}; for SDXL ({@code StableDiffusionXLPipeline.encode_prompt})
 * each encoder's penultimate hidden state with its own tokenizer, side by side per token ({@code
 * text_encoder}'s first), and {@code text_encoder_2}'s pooled projection {@code text_embeds}. Owns
 * the text encoder sessions.
 */
final class PromptEncoder implements AutoCloseable {
  private final ClipTokenizer tokenizer;
  private final TextEncoder encoder;
  private final ClipTokenizer tokenizer2;
  private final TextEncoder encoder2;

  /**
   * One prompt's encoding.
   *
   * @param hidden {@code [sequence, hiddenDim]} flattened
   * @param pooled SDXL's {@code text_embeds} {@code [projection]}, or null for SD 1.x/2.x
   */
  record Encoded(float[] hidden, float[] pooled) {
    /** Zeros of the same shapes: SDXL's unconditional input without a negative prompt. */
    Encoded zeros() {
      return new Encoded(
          new float[hidden.length], pooled == null ? null : new float[pooled.length]);
    }
  }

  private PromptEncoder(
      ClipTokenizer tokenizer,
      TextEncoder encoder,
      ClipTokenizer tokenizer2,
      TextEncoder encoder2) {
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.tokenizer2 = tokenizer2;
    this.encoder2 = encoder2;
  }

  /**
   * Loads the tokenizer(s) and opens the text encoder session(s) of {@code model}.
   *
   * @throws ModelException when a file is missing or malformed, an SDXL encoder lacks the outputs
   *     SDXL takes from it, or SDXL's tokenizers disagree on the sequence length
   */
  static PromptEncoder open(OrtEnvironment env, ModelDirectory model, SessionSettings settings) {
    ClipTokenizer tokenizer = ClipTokenizer.load(model.tokenizer());
    if (!model.isXl()) {
      return new PromptEncoder(
          tokenizer, TextEncoder.open(env, model.textEncoder(), settings), null, null);
    }
    ClipTokenizer tokenizer2 = ClipTokenizer.load(model.tokenizer2());
    if (tokenizer2.maxLength() != tokenizer.maxLength()) {
      throw new ModelException(
          "tokenizers of "
              + model.root()
              + " disagree: tokenizer/ takes "
              + tokenizer.maxLength()
              + " tokens, tokenizer_2/ "
              + tokenizer2.maxLength()
              + "; SDXL puts their encodings side by side, so they must be equal");
    }
    TextEncoder encoder = TextEncoder.open(env, model.textEncoder(), settings);
    TextEncoder encoder2 = null;
    try {
      encoder.requireXlOutputs(false);
      encoder2 = TextEncoder.open(env, model.textEncoder2(), settings);
      encoder2.requireXlOutputs(true);
      return new PromptEncoder(tokenizer, encoder, tokenizer2, encoder2);
    } catch (RuntimeException e) {
      if (encoder2 != null) {
        encoder2.close();
      }
      encoder.close();
      throw e;
    }
  }

  /** Tokens per prompt, e.g. 77. */
  int sequence() {
    return tokenizer.maxLength();
  }

  boolean isXl() {
    return encoder2 != null;
  }

  Encoded encode(String prompt) {
    if (!isXl()) {
      return new Encoded(encoder.encode(tokenizer.encode(prompt)), null);
    }
    TextEncoder.XlEncoding first = encoder.encodeForXl(tokenizer.encode(prompt), false);
    TextEncoder.XlEncoding second = encoder2.encodeForXl(tokenizer2.encode(prompt), true);
    int sequence = sequence();
    int width1 = first.penultimate().length / sequence;
    int width2 = second.penultimate().length / sequence;
    float[] hidden = new float[sequence * (width1 + width2)];
    for (int t = 0; t < sequence; t++) {
      System.arraycopy(first.penultimate(), t * width1, hidden, t * (width1 + width2), width1);
      System.arraycopy(
          second.penultimate(), t * width2, hidden, t * (width1 + width2) + width1, width2);
    }
    return new Encoded(hidden, second.textEmbeds());
  }

  @Override
  public void close() {
    try (encoder;
        TextEncoder second = encoder2) {
      // try-with-resources closes both, even if one fails
    }
  }
}
