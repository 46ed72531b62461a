package io.goldpan.runner.models.sd;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.config.DataFolders;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Stable Diffusion model directory served under a name: maps a job onto {@link SdPainter}.
 *
 * <p>Seed rule: image {@code i} of a job has its own torch generator seeded with {@code seed + i}
 * ({@link JobMessage#seedOf(int)}), whether it is painted alone or in a UNet batch with others
 * ({@link #paintBatch}), so any image can be repainted on its own and matches diffusers called with
 * {@code generator=[torch.Generator().manual_seed(seed + i) ...]}.
 */
public final class StableDiffusionModel implements Model {
  private static final Logger log = LoggerFactory.getLogger(StableDiffusionModel.class);

  private final String name;
  private final SdPainter painter;
  private final int maxBatch;

  private StableDiffusionModel(String name, SdPainter painter, int maxBatch) {
    this.name = name;
    this.painter = painter;
    this.maxBatch = maxBatch;
  }

  /**
   * Checks {@code directory} and opens its sessions on {@code provider} (device 0).
   *
   * @throws ModelException naming the file that is missing, malformed or refused
   */
  public static StableDiffusionModel open(String name, Path directory, ExecutionProvider provider) {
    return open(name, directory, provider, 0);
  }

  /**
   * As {@link #open(String, Path, ExecutionProvider)}, with ONNX Runtime's CUDA arena held to at
   * most {@code gpuMemoryLimit} bytes (0: no limit; ignored on the CPU), painting one image at a
   * time and saving optimised graphs where the process's {@code GOLDPAN_GRAPH_CACHE} says ({@link
   * DataFolders#graphCache}).
   */
  public static StableDiffusionModel open(
      String name, Path directory, ExecutionProvider provider, long gpuMemoryLimit) {
    return open(
        name, directory, provider, gpuMemoryLimit, 1, DataFolders.graphCache(System.getenv()));
  }

  /**
   * As {@link #open(String, Path, ExecutionProvider, long)}, painting up to {@code maxBatch} images
   * of a job in one UNet batch ({@link #paintBatch}) and saving each model file's optimised graph
   * under {@code graphCache} for later starts (null: nowhere; see {@code GraphCache}).
   */
  public static StableDiffusionModel open(
      String name,
      Path directory,
      ExecutionProvider provider,
      long gpuMemoryLimit,
      int maxBatch,
      Path graphCache) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    SessionSettings settings =
        provider == ExecutionProvider.CUDA
            ? SessionSettings.cuda(0).withGpuMemoryLimit(gpuMemoryLimit)
            : SessionSettings.cpu();
    settings = settings.withGraphCache(graphCache);
    return new StableDiffusionModel(name, SdPainter.open(directory, settings, maxBatch), maxBatch);
  }

  @Override
  public String name() {
    return name;
  }

  /** The diffusers scheduler class a job naming {@code scheduler} (or null) paints with. */
  public String schedulerClassFor(String scheduler) {
    return painter.schedulerClassFor(scheduler);
  }

  @Override
  public String samplerLabel(JobMessage job) {
    try {
      return painter.samplerLabelFor(job.parameters().scheduler());
    } catch (ModelException e) {
      throw new ModelException(
          "model " + name + " cannot paint jobId=" + job.jobId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BufferedImage paint(JobMessage job, int index, StepListener progress) {
    return paint(job, index, progress, () -> false);
  }

  @Override
  public BufferedImage paint(
      JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
    return paint(job, index, progress, cancelled, null);
  }

  @Override
  public boolean canVary() {
    return painter.canVary();
  }

  @Override
  public BufferedImage paint(
      JobMessage job,
      int index,
      StepListener progress,
      BooleanSupplier cancelled,
      BufferedImage init) {
    try {
      if (init != null && !painter.canVary()) {
        throw new ModelException(Model.cannotVary(name));
      }
      GenerationRequest request =
          new GenerationRequest(
              job.parameters().prompt(),
              job.parameters().negativePrompt(),
              job.parameters().seedOf(index),
              1,
              job.parameters().width(),
              job.parameters().height(),
              job.parameters().steps(),
              job.parameters().guidance(),
              job.parameters().scheduler(),
              fastDecoder(job, index));
      InitImage start =
          init == null
              ? null
              : new InitImage(
                  init, job.parameters().strength() == null ? 1.0 : job.parameters().strength());
      return painter.paint(request, start, progress, cancelled).get(0);
    } catch (ModelException e) {
      throw new ModelException(
          "model "
              + name
              + " failed on image "
              + index
              + " of jobId="
              + job.jobId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public boolean hasTinyDecoder() {
    return painter.hasTinyDecoder();
  }

  /**
   * Whether {@code job}'s images are decoded with TAESD: asked for ({@code decoder: fast}) and
   * there is one; a job asking for it of a model without one is decoded with the VAE, and the log
   * says so once, at its first image.
   */
  private boolean fastDecoder(JobMessage job, int first) {
    if (!job.parameters().fastDecoder()) {
      return false;
    }
    if (!painter.hasTinyDecoder()) {
      if (first == 0) {
        log.warn(
            "jobId={} asks for decoder fast but model {} has no taesd_decoder/: decoding with its"
                + " VAE",
            job.jobId(),
            name);
      }
      return false;
    }
    return true;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Images {@code first … first + count - 1} in one UNet batch, each from its own generator seeded
   * {@code job.parameters().seedOf(first + i)}: the same pixels, within float rounding, as painted
   * alone.
   */
  @Override
  public List<BufferedImage> paintBatch(
      JobMessage job, int first, int count, StepListener progress, BooleanSupplier cancelled) {
    if (count < 1 || count > maxBatch) {
      throw new IllegalArgumentException(
          "model " + name + " paints batches of 1 to " + maxBatch + " images, not " + count);
    }
    try {
      GenerationRequest request =
          new GenerationRequest(
              job.parameters().prompt(),
              job.parameters().negativePrompt(),
              job.parameters().seedOf(first),
              count,
              job.parameters().width(),
              job.parameters().height(),
              job.parameters().steps(),
              job.parameters().guidance(),
              job.parameters().scheduler(),
              fastDecoder(job, first));
      return painter.paint(request, null, progress, cancelled);
    } catch (ModelException e) {
      throw new ModelException(
          "model "
              + name
              + " failed on images "
              + first
              + " to "
              + (first + count - 1)
              + " of jobId="
              + job.jobId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    painter.close();
  }
}
