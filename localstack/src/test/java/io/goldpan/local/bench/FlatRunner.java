package io.goldpan.local.bench;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.Runner;
import io.goldpan.runner.config.EnvFile;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A runner process whose model costs no CPU: it answers jobs for {@code demo} with a flat image in
 * the seed's colour, so a scale-out run measures the queue, storage and events, not a model. Given
 * a time per image, it waits that long before answering, as a runner whose GPU does the painting
 * waits with its CPU idle.
 *
 * <p>Usage: {@code FlatRunner ENV_FILE RUNNER_ID [MS_PER_IMAGE]}
 */
public final class FlatRunner {
  private FlatRunner() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> vars = new HashMap<>(EnvFile.read(Path.of(args[0])));
    vars.put("GOLDPAN_RUNNER_ID", args[1]);
    long gpuMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
    Runner runner =
        Runner.builder(RunnerConfig.from(vars))
            .models(List.of(new FlatModel(gpuMillis)))
            .executionProvider("none")
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "flat-runner-stop"));
    runner.start();
    new CountDownLatch(1).await();
  }

  private static final class FlatModel implements Model {
    private final long gpuMillis;

    FlatModel(long gpuMillis) {
      this.gpuMillis = gpuMillis;
    }

    @Override
    public String name() {
      return "demo";
    }

    @Override
    public BufferedImage paint(JobMessage job, int index, StepListener progress) {
      BufferedImage image =
          new BufferedImage(
              job.parameters().width(), job.parameters().height(), BufferedImage.TYPE_INT_RGB);
      int rgb = (int) (job.parameters().seedOf(index) * 2654435761L) & 0xffffff;
      int[] row = new int[job.parameters().width()];
      java.util.Arrays.fill(row, rgb);
      for (int y = 0; y < job.parameters().height(); y++) {
        image.setRGB(0, y, job.parameters().width(), 1, row, 0, job.parameters().width());
      }
      if (gpuMillis > 0) {
        // stands in for the wait on a GPU kernel: wall time, no CPU
        LockSupport.parkNanos(gpuMillis * 1_000_000);
      }
      progress.onStep(1, 1);
      return image;
    }

    @Override
    public void close() {}
  }
}
