package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.sd.internal.GuidanceEmbedding;
import io.goldpan.runner.models.sd.internal.Images;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Text to image with a Stable Diffusion model directory, step for step like diffusers' {@code
 * StableDiffusionPipeline}: prompt (and negative prompt) encoded once, classifier-free guidance
 * when guidance &gt; 1 (batch {@code [uncond…, cond…]}), none for guidance &le; 1 or for UNets
 * taking a guidance embedding (LCM), initial latents from one {@link TorchGenerator} per image
 * seeded {@code seed + i}, scheduler steps, VAE decode. SDXL exports run as diffusers' {@code
 * StableDiffusionXLPipeline}: two text encoders ({@link PromptEncoder}), the pooled {@code
 * text_embeds} and the {@code time_ids} (height, width, 0, 0, height, width) as added conditions,
 * zero unconditional embeddings without a negative prompt when the model says {@code
 * force_zeros_for_empty_prompt}. Sessions are opened once and reused; {@link #close()} frees them.
 * One request at a time.
 */
public final class StableDiffusionPipeline implements AutoCloseable {
  /** Images denoised together when the caller does not say. */
  public static final int DEFAULT_MAX_BATCH = 4;

  private static final String FALLBACK_SCHEDULER = "EulerDiscreteScheduler";
  private static final int LATENT_CHANNELS = 4;
  private static final int VAE_SCALE = 8;

  private final ModelDirectory model;
  private final SessionSettings settings;
  private final int maxBatch;
  private final PromptEncoder prompts;
  private final UNet unet;
  private final VaeDecoder vaeDecoder;

  /** The TAESD decoder for previews, or null when the model has none. */
  private final TinyDecoder tinyDecoder;

  private VaeEncoder vaeEncoder;

  /** The last picture encoded, its size and parameters: a job's images share one picture. */
  private BufferedImage encodedImage;

  private int encodedWidth;
  private int encodedHeight;
  private float[] encodedParameters;

  private StableDiffusionPipeline(
      ModelDirectory model,
      SessionSettings settings,
      int maxBatch,
      PromptEncoder prompts,
      UNet unet,
      VaeDecoder vaeDecoder,
      TinyDecoder tinyDecoder) {
    this.model = model;
    this.settings = settings;
    this.maxBatch = maxBatch;
    this.prompts = prompts;
    this.unet = unet;
    this.vaeDecoder = vaeDecoder;
    this.tinyDecoder = tinyDecoder;
  }

  public static StableDiffusionPipeline open(ModelDirectory model, SessionSettings settings) {
    return open(model, settings, DEFAULT_MAX_BATCH);
  }

  /**
   * Loads the tokenizer(s) and opens the sessions (text encoder(s), UNet, VAE decoder).
   *
   * @param maxBatch most images denoised in one UNet batch (twice that with guidance); results do
   *     not depend on it beyond float rounding
   * @throws ModelException when a model file is missing, malformed or refused by ONNX Runtime
   */
  public static StableDiffusionPipeline open(
      ModelDirectory model, SessionSettings settings, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    Scheduler.of(defaultSchedulerConfig(model.scheduler()));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    PromptEncoder prompts = PromptEncoder.open(env, model, settings);
    UNet unet = null;
    VaeDecoder vaeDecoder = null;
    try {
      unet = UNet.open(env, model.unet(), settings);
      requireMatchingUnet(model, unet);
      vaeDecoder = VaeDecoder.open(env, model.vaeDecoder(), settings);
      TinyDecoder tinyDecoder =
          model.hasTinyDecoder()
              ? TinyDecoder.open(env, model.tinyDecoder(), model.tinyScalingFactor(), settings)
              : null;
      return new StableDiffusionPipeline(
          model, settings, maxBatch, prompts, unet, vaeDecoder, tinyDecoder);
    } catch (RuntimeException e) {
      if (vaeDecoder != null) {
        vaeDecoder.close();
      }
      if (unet != null) {
        unet.close();
      }
      prompts.close();
      throw e;
    }
  }

  /** An SDXL UNet needs SDXL's second text encoder, and only an SDXL UNet can use it. */
  private static void requireMatchingUnet(ModelDirectory model, UNet unet) {
    if (unet.takesAddedConditions() && !model.isXl()) {
      throw new ModelException(
          model.unet()
              + " takes text_embeds and time_ids (an SDXL UNet), but "
              + model.root()
              + " has no text_encoder_2/model.onnx: export the whole SDXL pipeline");
    }
    if (!unet.takesAddedConditions() && model.isXl()) {
      throw new ModelException(
          model.root()
              + " is an SDXL export (two text encoders), but "
              + model.unet()
              + " takes no text_embeds and time_ids");
    }
  }

  /** Where the sessions run, e.g. {@code CPU}. */
  public SessionSettings settings() {
    return settings;
  }

  public ModelDirectory model() {
    return model;
  }

  /**
   * The diffusers scheduler class a request runs with: the one it names, else the model's own, else
   * (for a model shipping a scheduler not reproduced here, such as Heun) Euler with the model's
   * settings.
   */
  public String schedulerClassFor(GenerationRequest request) {
    return schedulerConfigFor(request).className();
  }

  /**
   * The sampler a request runs with as AUTOMATIC1111 names it (e.g. {@code DPM++ 2M Karras}, or
   * {@code PLMS} for PNDM), for the picture's parameters.
   *
   * @throws ModelException when the request names an unknown scheduler
   */
  public String samplerLabelFor(GenerationRequest request) {
    return Scheduler.of(schedulerConfigFor(request)).label();
  }

  /**
   * Paints every image of {@code request}.
   *
   * @param progress told after every step: steps done over the whole request, and its total
   * @param cancelled asked before every step and every decode; true stops painting
   * @return {@code request.count()} RGB images of {@code width × height}, in seed order
   * @throws PaintingCancelledException when {@code cancelled} said so
   * @throws ModelException when a stage fails or the request does not fit the model
   */
  public List<BufferedImage> generate(
      GenerationRequest request, StepListener progress, BooleanSupplier cancelled) {
    return generate(request, null, progress, cancelled);
  }

  /**
   * Paints every image of {@code request}, from {@code init} when given (image to image, as
   * diffusers' {@code StableDiffusionImg2ImgPipeline}: the picture encoded, noised to the starting
   * step its strength gives, and only the remaining steps run and counted).
   *
   * @param init the picture to start from, or null for text to image
   * @throws ModelException also when the model has no VAE encoder or the strength leaves no step
   */
  public List<BufferedImage> generate(
      GenerationRequest request, InitImage init, StepListener progress, BooleanSupplier cancelled) {
    List<BufferedImage> images = new ArrayList<>(request.count());
    // PNDM evaluates the model once more than its steps: count evaluations
    int evaluations =
        Scheduler.of(schedulerConfigFor(request)).start(request.steps()).timesteps().length;
    int start = init == null ? 0 : startStep(request, init, evaluations);
    float[] initParameters = init == null ? null : encode(init, request);
    Progress counter = new Progress(progress, (evaluations - start) * chunks(request.count()));
    for (int first = 0; first < request.count(); first += maxBatch) {
      int chunk = Math.min(maxBatch, request.count() - first);
      float[] latents =
          denoise(
              request,
              first,
              chunk,
              null,
              initParameters,
              start,
              counter,
              cancelled,
              LatentsObserver.NONE);
      images.addAll(
          request.fastDecoder() && tinyDecoder != null
              ? decodeFast(latents, chunk, request.width(), request.height(), cancelled)
              : decode(latents, chunk, request.width(), request.height(), cancelled));
    }
    return images;
  }

  /**
   * Denoises images {@code first … first + count - 1} of {@code request}.
   *
   * @param initialLatents unit-variance latents {@code [count, 4, h/8, w/8]} to start from instead
   *     of the seeds' (as diffusers' {@code latents=} argument), or null
   * @return the final latents {@code [count, 4, h/8, w/8]}
   */
  float[] denoise(
      GenerationRequest request,
      int first,
      int count,
      float[] initialLatents,
      Progress progress,
      BooleanSupplier cancelled,
      LatentsObserver observer) {
    return denoise(request, first, count, initialLatents, null, 0, progress, cancelled, observer);
  }

  /**
   * The index of the first timestep image to image runs (diffusers' {@code get_timesteps}).
   *
   * @throws ModelException when the strength leaves no step to run
   */
  static int startStep(GenerationRequest request, InitImage init, int evaluations) {
    int start = init.startStep(request.steps());
    if (start >= evaluations) {
      throw new ModelException(
          "strength "
              + init.strength()
              + " with "
              + request.steps()
              + " steps runs no step: steps x strength must be at least 1");
    }
    return start;
  }

  /**
   * The latent distribution's parameters of {@code init} ({@code [1, 8, h/8, w/8]}), sized to the
   * request.
   *
   * @throws ModelException when the model has no VAE encoder
   */
  float[] encode(InitImage init, GenerationRequest request) {
    if (!model.canVary()) {
      throw new ModelException(
          "model "
              + model.root().getFileName()
              + " cannot vary images: its export has no vae_encoder");
    }
    if (init.image() == encodedImage
        && request.width() == encodedWidth
        && request.height() == encodedHeight) {
      return encodedParameters.clone();
    }
    if (vaeEncoder == null) {
      vaeEncoder = VaeEncoder.open(OrtEnvironment.getEnvironment(), model.vaeEncoder(), settings);
    }
    float[] pixels = Images.toChw(init.image(), request.width(), request.height());
    float[] parameters =
        vaeEncoder.encode(pixels, request.height(), request.width(), LATENT_CHANNELS);
    encodedImage = init.image();
    encodedWidth = request.width();
    encodedHeight = request.height();
    encodedParameters = parameters.clone();
    return parameters;
  }

  /**
   * As {@link #denoise(GenerationRequest, int, int, float[], Progress, BooleanSupplier,
   * LatentsObserver)}, from the encoded picture {@code initParameters} when not null: each image's
   * generator first draws the latent sample ({@code mean + std * randn}), then the noise, which
   * {@code add_noise} mixes in at timestep {@code start}; steps {@code start…} run.
   */
  float[] denoise(
      GenerationRequest request,
      int first,
      int count,
      float[] initialLatents,
      float[] initParameters,
      int start,
      Progress progress,
      BooleanSupplier cancelled,
      LatentsObserver observer) {
    int latentHeight = request.height() / VAE_SCALE;
    int latentWidth = request.width() / VAE_SCALE;
    int perImage = LATENT_CHANNELS * latentHeight * latentWidth;
    List<TorchGenerator> generators = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      generators.add(new TorchGenerator(request.seed() + first + i));
    }
    boolean guided = request.guidance() > 1 && unet.guidanceEmbeddingDim() == 0;
    int batch = guided ? 2 * count : count;

    UNet.Conditioning conditioning = conditioning(request, count, guided);

    SchedulerRun run = Scheduler.of(schedulerConfigFor(request)).start(request.steps());
    float[] latents;
    if (initParameters != null) {
      latents =
          noisedInit(initParameters, generators, run, start, perImage, latentHeight, latentWidth);
    } else if (initialLatents != null) {
      if (initialLatents.length != count * perImage) {
        throw new IllegalArgumentException(
            "initial latents hold "
                + initialLatents.length
                + " values, expected "
                + count * perImage);
      }
      latents = initialLatents.clone();
    } else {
      latents = new float[count * perImage];
      for (int i = 0; i < count; i++) {
        float[] noise = generators.get(i).randn(1, LATENT_CHANNELS, latentHeight, latentWidth);
        System.arraycopy(noise, 0, latents, i * perImage, perImage);
      }
    }
    if (initParameters == null) {
      float sigma = run.initNoiseSigma();
      for (int i = 0; i < latents.length; i++) {
        latents[i] *= sigma;
      }
    }

    long[] shape = {batch, LATENT_CHANNELS, latentHeight, latentWidth};
    float guidance = (float) request.guidance();
    float[] timesteps = run.timesteps();
    for (int step = start; step < timesteps.length; step++) {
      if (cancelled.getAsBoolean()) {
        throw new PaintingCancelledException(
            "painting cancelled before step "
                + (step - start + 1)
                + " of "
                + (timesteps.length - start));
      }
      float[] input = guided ? twice(latents) : latents;
      input = run.scaleModelInput(input, step);
      float[] output = unet.predict(input, shape, timesteps[step], conditioning);
      float[] noise = guided ? guide(output, guidance) : output;
      latents = run.step(noise, step, latents, generators);
      observer.afterStep(step, latents);
      progress.stepDone();
      if (tinyDecoder != null && progress.wantsPreview()) {
        offerPreview(run, latents, perImage, request, progress);
      }
    }
    return latents;
  }

  /**
   * What a batch of {@code count} images (twice that, unconditional first, when {@code guided}) is
   * conditioned on: the prompt's (and negative prompt's) encodings, LCM's guidance embedding, and
   * SDXL's pooled embeddings and time ids.
   */
  private UNet.Conditioning conditioning(GenerationRequest request, int count, boolean guided) {
    int batch = guided ? 2 * count : count;
    PromptEncoder.Encoded prompt = prompts.encode(request.prompt());
    PromptEncoder.Encoded unconditional = guided ? unconditional(request, prompt) : null;
    float[] hidden =
        rows(unconditional == null ? null : unconditional.hidden(), prompt.hidden(), count);
    int sequence = prompts.sequence();
    long[] hiddenShape = {batch, sequence, prompt.hidden().length / sequence};
    float[] timestepCond =
        unet.guidanceEmbeddingDim() > 0
            ? GuidanceEmbedding.of(request.guidance(), unet.guidanceEmbeddingDim(), batch)
            : null;
    if (!prompts.isXl()) {
      return new UNet.Conditioning(hidden, hiddenShape, timestepCond, null, null);
    }
    float[] textEmbeds =
        rows(unconditional == null ? null : unconditional.pooled(), prompt.pooled(), count);
    // diffusers' _get_add_time_ids defaults: original size, crop top-left (0, 0), target size;
    // the negative ones are the same, and image to image without aesthetic scores takes these too
    float[] one = {request.height(), request.width(), 0, 0, request.height(), request.width()};
    float[] timeIds = new float[batch * one.length];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(one, 0, timeIds, i * one.length, one.length);
    }
    return new UNet.Conditioning(hidden, hiddenShape, timestepCond, textEmbeds, timeIds);
  }

  /**
   * The negative prompt's encoding; for SDXL without a negative prompt (null or blank) and {@code
   * force_zeros_for_empty_prompt}, zeros, as diffusers gives for {@code negative_prompt=None}.
   */
  private PromptEncoder.Encoded unconditional(
      GenerationRequest request, PromptEncoder.Encoded prompt) {
    String negative = request.negativePrompt();
    boolean none = negative == null || negative.isBlank();
    if (prompts.isXl() && none && model.forceZerosForEmptyPrompt()) {
      return prompt.zeros();
    }
    return prompts.encode(negative == null ? "" : negative);
  }

  /** {@code count} copies of {@code unconditional} (when not null), then of {@code conditional}. */
  private static float[] rows(float[] unconditional, float[] conditional, int count) {
    int size = conditional.length;
    int rows = unconditional == null ? count : 2 * count;
    float[] out = new float[rows * size];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(i < rows - count ? unconditional : conditional, 0, out, i * size, size);
    }
    return out;
  }

  /**
   * diffusers' {@code prepare_latents} of image to image, image by image: {@code
   * DiagonalGaussianDistribution(parameters).sample(generator)} times the VAE scaling factor, then
   * {@code add_noise} with a second draw from the same generator.
   */
  private float[] noisedInit(
      float[] parameters,
      List<TorchGenerator> generators,
      SchedulerRun run,
      int start,
      int perImage,
      int latentHeight,
      int latentWidth) {
    float scaling = model.vaeScalingFactor();
    float[] original = new float[generators.size() * perImage];
    float[] noise = new float[original.length];
    for (int i = 0; i < generators.size(); i++) {
      float[] draw = generators.get(i).randn(1, LATENT_CHANNELS, latentHeight, latentWidth);
      for (int j = 0; j < perImage; j++) {
        float logVariance = Math.max(-30f, Math.min(20f, parameters[perImage + j]));
        float std = (float) Math.exp(0.5f * logVariance);
        original[i * perImage + j] = scaling * (parameters[j] + std * draw[j]);
      }
    }
    for (int i = 0; i < generators.size(); i++) {
      float[] draw = generators.get(i).randn(1, LATENT_CHANNELS, latentHeight, latentWidth);
      System.arraycopy(draw, 0, noise, i * perImage, perImage);
    }
    return run.addNoise(original, noise, start);
  }

  /**
   * Hands the listener a preview of the batch's first image: its denoised estimate where the
   * scheduler keeps one, else its latents, copied here and decoded with TAESD on the listener's
   * thread, never on this one.
   */
  private void offerPreview(
      SchedulerRun run,
      float[] latents,
      int perImage,
      GenerationRequest request,
      Progress progress) {
    float[] estimate = run.denoised();
    float[] one =
        Arrays.copyOf(
            estimate != null && estimate.length == latents.length ? estimate : latents, perImage);
    int latentHeight = request.height() / VAE_SCALE;
    int latentWidth = request.width() / VAE_SCALE;
    progress.preview(() -> tinyDecoder.preview(one, latentHeight, latentWidth));
  }

  /** Whether the model has a TAESD decoder, for previews and {@code decoder: fast}. */
  public boolean hasTinyDecoder() {
    return tinyDecoder != null;
  }

  /**
   * RGB images from final latents {@code [count, 4, h/8, w/8]}, one TAESD run each, on the latents
   * as they are (as diffusers' pipeline with {@code AutoencoderTiny} as its VAE).
   */
  private List<BufferedImage> decodeFast(
      float[] latents, int count, int width, int height, BooleanSupplier cancelled) {
    return decodeEach(latents, count, width, height, true, cancelled);
  }

  /** RGB images from final latents {@code [count, 4, h/8, w/8]}, one VAE run each. */
  List<BufferedImage> decode(
      float[] latents, int count, int width, int height, BooleanSupplier cancelled) {
    return decodeEach(latents, count, width, height, false, cancelled);
  }

  /**
   * One decoder run per image, a cancel looked for before each: TAESD on the latents as they are
   * ({@code fast}), else the VAE on latents divided by its scaling factor, its pixels checked for
   * NaNs.
   */
  private List<BufferedImage> decodeEach(
      float[] latents, int count, int width, int height, boolean fast, BooleanSupplier cancelled) {
    int perImage = latents.length / count;
    float scaling = model.vaeScalingFactor();
    Object part = fast ? model.tinyDecoder() : model.vaeDecoder();
    List<BufferedImage> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (cancelled.getAsBoolean()) {
        throw new PaintingCancelledException(
            "painting cancelled before decoding image " + (i + 1) + " of " + count);
      }
      float[] one = Arrays.copyOfRange(latents, i * perImage, (i + 1) * perImage);
      float[] pixels;
      if (fast) {
        pixels = tinyDecoder.decode(one, height / VAE_SCALE, width / VAE_SCALE);
      } else {
        for (int j = 0; j < one.length; j++) {
          one[j] /= scaling;
        }
        pixels = vaeDecoder.decode(one, height / VAE_SCALE, width / VAE_SCALE);
      }
      if (pixels.length != 3 * width * height) {
        throw new ModelException(
            part + " decoded " + pixels.length + " values, expected 3 x " + width + " x " + height);
      }
      if (!fast) {
        requireNumbers(pixels);
      }
      images.add(Images.toRgb(pixels, width, height));
    }
    return images;
  }

  /**
   * NaNs would paint black: a float16 VAE that overflows, as SDXL's own does (diffusers runs it in
   * float32, an ONNX export cannot).
   */
  private void requireNumbers(float[] pixels) {
    for (float value : pixels) {
      if (Float.isNaN(value)) {
        throw new ModelException(
            model.vaeDecoder()
                + " decoded NaN values"
                + (model.isXl()
                    ? ": SDXL's own VAE overflows in float16; export the model with the fp16-safe"
                        + " VAE madebyollin/sdxl-vae-fp16-fix (see docs/models.md) or in float32"
                    : " (a float16 overflow?): try a float32 export of the VAE"));
      }
    }
  }

  private int chunks(int count) {
    return (count + maxBatch - 1) / maxBatch;
  }

  private SchedulerConfig schedulerConfigFor(GenerationRequest request) {
    if (request.scheduler() != null && !request.scheduler().isBlank()) {
      return Scheduler.configFor(request.scheduler(), model.scheduler());
    }
    return defaultSchedulerConfig(model.scheduler());
  }

  private static SchedulerConfig defaultSchedulerConfig(SchedulerConfig config) {
    return Scheduler.SUPPORTED.contains(config.className())
        ? config
        : config.withClassName(FALLBACK_SCHEDULER);
  }

  private static float[] twice(float[] latents) {
    float[] out = Arrays.copyOf(latents, latents.length * 2);
    System.arraycopy(latents, 0, out, latents.length, latents.length);
    return out;
  }

  /**
   * {@code uncond + g * (cond - uncond)} over the two halves of the batch, in float32 like torch.
   */
  private static float[] guide(float[] output, float guidance) {
    int half = output.length / 2;
    float[] out = new float[half];
    for (int i = 0; i < half; i++) {
      float unconditional = output[i];
      out[i] = unconditional + guidance * (output[half + i] - unconditional);
    }
    return out;
  }

  @Override
  public void close() {
    try (prompts;
        unet;
        vaeDecoder;
        TinyDecoder tiny = tinyDecoder;
        VaeEncoder encoder = vaeEncoder) {
      // try-with-resources closes them all, even if one fails
    }
  }

  /** Sees the latents after every step (tests compare them with diffusers'). */
  @FunctionalInterface
  interface LatentsObserver {
    LatentsObserver NONE = (step, latents) -> {};

    void afterStep(int step, float[] latents);
  }

  /** Counts steps over a whole request for the caller's listener. */
  static final class Progress {
    private final StepListener listener;
    private final int total;
    private int done;

    Progress(StepListener listener, int total) {
      this.listener = listener;
      this.total = total;
    }

    void stepDone() {
      listener.onStep(++done, total);
    }

    boolean wantsPreview() {
      return listener.wantsPreview();
    }

    void preview(Supplier<BufferedImage> render) {
      listener.preview(done, total, render);
    }
  }
}
