package io.goldpan.local;

import io.goldpan.runner.config.RunnerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * goldpan-local with a CPU runner serving the demo model and gpu-runner's tiny Stable Diffusion
 * fixture (a test resource there, not copied here; it has a VAE encoder and a TAESD decoder), for
 * the integration tests that paint with it.
 */
final class TinySdStack {
  static final Path TINY_SD =
      Path.of("../gpu-runner/src/test/resources/sd/models/tiny-sd").toAbsolutePath().normalize();

  private TinySdStack() {}

  /**
   * Starts the stack in {@code dataDir} (the sweeper every second) and its runner {@code runnerId};
   * {@code runnerEnv} adds runner settings.
   */
  static GoldpanLocal start(Path dataDir, String runnerId, Map<String, String> runnerEnv) {
    GoldpanLocal local =
        GoldpanLocal.start(
            TestStacks.onFreePorts(dataDir, false),
            Map.of(),
            Map.of("goldpan.sweeper.interval", "1s"));
    Map<String, String> env = new HashMap<>(runnerEnv);
    env.put(RunnerConfig.RUNNER_ID, runnerId);
    env.put(RunnerConfig.MODELS, "demo,tiny-sd=" + TINY_SD);
    env.put(RunnerConfig.EXECUTION_PROVIDER, "cpu");
    local.startRunner(env);
    return local;
  }

  /**
   * Submits {@code body}, again while the API does not know tiny-sd yet: it accepts the model once
   * the runner's first heartbeat has been recorded.
   */
  static Api.Response submitOnceTheModelIsAnnounced(Api api, String body, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Api.Response response = api.post("/api/jobs", body);
    while (response.status() == 400
        && response.body().contains("unknown model")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      response = api.post("/api/jobs", body);
    }
    return response;
  }
}
