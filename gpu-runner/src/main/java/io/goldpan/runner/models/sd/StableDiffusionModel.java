package io.goldpan.runner.models.sd;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A Stable Diffusion model directory served under a name: maps a job onto {@link SdPainter}.
 *
 * <p>Seed rule: image {@code i} of a job is painted alone with its own torch generator seeded with
 * {@code seed + i} ({@link JobMessage#seedOf(int)}), so any image can be repainted on its own and
 * matches diffusers called with {@code generator=[torch.Generator().manual_seed(seed + i) ...]}.
 */
public final class StableDiffusionModel implements Model {
  private final String name;
  private final SdPainter painter;

  private StableDiffusionModel(String name, SdPainter painter) {
    this.name = name;
    this.painter = painter;
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
   * most {@code gpuMemoryLimit} bytes (0: no limit; ignored on the CPU).
   */
  public static StableDiffusionModel open(
      String name, Path directory, ExecutionProvider provider, long gpuMemoryLimit) {
    SessionSettings settings =
        provider == ExecutionProvider.CUDA
            ? SessionSettings.cuda(0).withGpuMemoryLimit(gpuMemoryLimit)
            : SessionSettings.cpu();
    return new StableDiffusionModel(name, SdPainter.open(directory, settings));
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
      return painter.samplerLabelFor(job.scheduler());
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
              job.prompt(),
              job.negativePrompt(),
              job.seedOf(index),
              1,
              job.width(),
              job.height(),
              job.steps(),
              job.guidance(),
              job.scheduler());
      InitImage start =
          init == null ? null : new InitImage(init, job.strength() == null ? 1.0 : job.strength());
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
  public void close() {
    painter.close();
  }
}
