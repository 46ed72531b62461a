package io.goldpan.runner.generate;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.runner.RunnerException;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ExecutionProviders;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.demo.DemoModel;
import io.goldpan.runner.models.sd.StableDiffusionModel;
import io.goldpan.runner.storage.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Paints a prompt offline, without queues or storage, and writes the PNGs to a folder. */
final class PaintToFolder {
  private PaintToFolder() {}

  /**
   * Paints as {@code options} say and writes the images.
   *
   * @param terminal whether {@code err} is a terminal (a single updating progress line)
   * @return the files written, in image order
   * @throws RunnerException when the model cannot be opened, fails, or a file cannot be written
   */
  static List<Path> run(
      GenerateOptions options, PrintStream out, PrintStream err, boolean terminal) {
    ExecutionProvider provider = ExecutionProviders.choose(options.provider());
    try (Model model = open(options.parameters().model(), options.modelDirectory(), provider)) {
      JobMessage job =
          new JobMessage(
              Contract.VERSION, UUID.randomUUID().toString(), options.parameters(), null, null);
      Files.createDirectories(options.out());
      ProgressBar progress = new ProgressBar(err, terminal, job.parameters().count());
      List<Path> written = new ArrayList<>();
      String sampler = model.samplerLabel(job);
      for (int i = 0; i < job.parameters().count(); i++) {
        BufferedImage image =
            model.paint(job, i, progress.forImage(i), () -> false, options.init());
        Path file = options.out().resolve(model.name() + "-" + job.parameters().seedOf(i) + ".png");
        Files.write(file, ImageEncoding.png(image, job, i, sampler));
        out.println(file);
        written.add(file);
      }
      return written;
    } catch (IOException e) {
      throw new RunnerException(
          "cannot write images to " + options.out() + ": " + e.getMessage(), e);
    }
  }

  private static Model open(String name, Path directory, ExecutionProvider provider) {
    if (directory == null) {
      return DemoModel.open(OrtEnvironment.getEnvironment(), provider);
    }
    return StableDiffusionModel.open(name, directory.toAbsolutePath().normalize(), provider);
  }
}
