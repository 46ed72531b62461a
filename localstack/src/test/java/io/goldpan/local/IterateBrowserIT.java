package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.goldpan.contract.JobMessage;
import io.goldpan.runner.Runner;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iterating on one image in a phone's Chromium against the embedded stack: "same seed, other
 * styles" from image 5 paints that image's seed in the picked styles; a count of 20 is one group of
 * two jobs shown as one row of 20; Cancel stops a job the runner is painting. The runner paints
 * with a model of the test's own: flat pictures in the seed's colour, except that a prompt with
 * "hold" paints until it is cancelled.
 */
class IterateBrowserIT {
  static final double PAINT_TIMEOUT_MS = 90_000;
  static final Pattern GROUP_URL = Pattern.compile(".*/app/groups/[0-9a-f-]{36}$");
  static final Pattern JOB_URL = Pattern.compile(".*/app/jobs/([0-9a-f-]{36})$");

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static HoldingModel model;
  static Runner runner;
  static PhoneBrowser phones;
  static Api api;

  @BeforeAll
  static void start() {
    PhoneBrowser.requireChromium();
    local = GoldpanLocal.start(TestStacks.onFreePorts(dataDir, false), Map.of(), Map.of());
    Map<String, String> vars = new HashMap<>(local.runnerVariables());
    vars.put(RunnerConfig.RUNNER_ID, "holding-runner");
    vars.put(RunnerConfig.POLL_WAIT, "2");
    model = new HoldingModel();
    runner =
        Runner.builder(RunnerConfig.from(vars))
            .models(List.of(model))
            .executionProvider("none")
            .build();
    runner.start();
    phones = PhoneBrowser.on(local);
    api = new Api(local.apiUrl(), local.apiKey());
  }

  @AfterAll
  static void stop() {
    try {
      if (phones != null) {
        phones.close();
      }
      if (runner != null) {
        runner.close();
      }
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  @Test
  void sameSeedOtherStyles_fromImage5_submitsJobsWithImage5sSeed() {
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/new");
      prompt(page, "a lighthouse at dusk");
      page.getByLabel("pixel art").check();
      page.locator("label[for=count-8]").click();
      paint(page);
      assertThat(page).hasURL(GROUP_URL);
      Locator painted = page.locator("table.grid td.cell img");
      assertThat(painted)
          .hasCount(8, new LocatorAssertions.HasCountOptions().setTimeout(PAINT_TIMEOUT_MS));
      long fifthSeed =
          Long.parseLong(page.locator("table.grid td.cell").nth(4).getAttribute("data-seed"));
      String firstJob = jobIdOf(page.locator("table.grid tbody th a").first());
      assertThat(api.get("/api/jobs/" + firstJob).json().get("seed").asLong() + 4)
          .as("image 5 paints with the job's seed + 4")
          .isEqualTo(fifthSeed);
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "group-grid.png");

      page.getByRole(
              AriaRole.LINK,
              new Page.GetByRoleOptions().setName("Same seed " + fifthSeed + ", other styles"))
          .click();

      assertThat(page.locator("#pick-notice")).containsText("Seed " + fifthSeed + " of image 5");
      assertThat(page.getByLabel("pixel art")).not().isChecked();
      assertThat(page.getByLabel("Seed (blank: random)")).hasValue(Long.toString(fifthSeed));
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "same-seed-other-styles.png");
      page.getByLabel("ukiyo-e").check();
      page.getByLabel("watercolour").check();
      paint(page);

      assertThat(page).hasURL(GROUP_URL);
      assertThat(page.locator("table.grid tbody tr")).hasCount(2);
      assertThat(page.locator("table.grid thead th[scope=col]"))
          .hasText(new String[] {"Style", "seed " + fifthSeed});
      List<String> jobs = new ArrayList<>();
      for (Locator link : page.locator("table.grid tbody th a").all()) {
        jobs.add(jobIdOf(link));
      }
      assertThat(jobs).hasSize(2);
      for (String job : jobs) {
        JsonNode view = api.get("/api/jobs/" + job).json();
        assertThat(view.get("seed").asLong()).isEqualTo(fifthSeed);
        assertThat(view.get("count").asInt()).isEqualTo(1);
      }
      assertThat(page.locator("table.grid td.cell img"))
          .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(model.painted(fifthSeed)).as("the same seed painted in each style").isEqualTo(3);
    }
  }

  @Test
  void countOf20_makesOneGroupOfTwoJobs_shownAsOneRowOf20() {
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/new");
      prompt(page, "twenty gnomes in a row");
      page.locator("label[for=count-20]").click();
      assertThat(page.locator("#count-20")).isChecked();
      assertThat(page.locator("#jobcount")).hasText("2 jobs");
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "count-picker.png");
      paint(page);

      assertThat(page).hasURL(GROUP_URL);
      assertThat(page.locator("table.grid tbody tr")).hasCount(1);
      assertThat(page.locator("table.grid td.cell img"))
          .hasCount(20, new LocatorAssertions.HasCountOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(page.locator("table.grid tbody th")).containsText("kept 0/20");
      List<Long> seeds = new ArrayList<>();
      for (Locator cell : page.locator("table.grid td.cell").all()) {
        seeds.add(Long.parseLong(cell.getAttribute("data-seed")));
      }
      for (int i = 1; i < seeds.size(); i++) {
        assertThat(seeds.get(i)).isEqualTo(seeds.get(0) + i);
      }
      JsonNode listed = api.get("/api/jobs?limit=50").json();
      List<JsonNode> mine = new ArrayList<>();
      for (JsonNode job : listed.get("jobs")) {
        if (job.get("prompt").asText().equals("twenty gnomes in a row")) {
          mine.add(job);
        }
      }
      assertThat(mine).extracting(j -> j.get("count").asInt()).containsExactly(10, 10);
      assertThat(mine)
          .extracting(j -> j.get("seed").asLong())
          .containsExactlyInAnyOrder(seeds.get(0), seeds.get(0) + 10);

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Groups").setExact(true))
          .click();
      assertThat(page.locator("li.group").first()).containsText("twenty gnomes in a row");
      assertThat(page.locator("li.group img").first()).isVisible();
      PhoneBrowser.assertUsable(page);
    }
  }

  @Test
  void cancel_stopsARunningJob() throws InterruptedException {
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/new");
      prompt(page, "hold still, little fox");
      page.locator("label[for=count-4]").click();
      paint(page);
      assertThat(page).hasURL(JOB_URL);
      assertThat(model.holding.await(60, TimeUnit.SECONDS)).as("the runner is painting").isTrue();
      assertThat(page.locator(".progress"))
          .containsText(
              "Painting image 1 of 4",
              new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();

      assertThat(page).hasURL(JOB_URL);
      assertThat(model.stoppedByCancel.await(60, TimeUnit.SECONDS))
          .as("the model was told to stop")
          .isTrue();
      String job = JOB_URL.matcher(page.url()).results().findFirst().orElseThrow().group(1);
      assertThat(api.get("/api/jobs/" + job).json().get("status").asText()).isEqualTo("CANCELLED");
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")))
          .hasCount(0);
      assertThat(page.locator("dl.details.run")).containsText("CANCELLED");
    }
  }

  private static void prompt(Page page, String text) {
    page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill(text);
  }

  private static void paint(Page page) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Paint")).click();
  }

  private static String jobIdOf(Locator link) {
    String href = link.getAttribute("href");
    return href.substring(href.lastIndexOf('/') + 1);
  }

  /**
   * Flat pictures in the seed's colour, in no time; a prompt with "hold" paints its first step and
   * then waits until the job is cancelled.
   */
  static final class HoldingModel implements Model {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch stoppedByCancel = new CountDownLatch(1);
    private final Map<Long, Integer> paintedBySeed = new HashMap<>();

    @Override
    public String name() {
      return "demo";
    }

    synchronized int painted(long seed) {
      return paintedBySeed.getOrDefault(seed, 0);
    }

    @Override
    public BufferedImage paint(JobMessage job, int index, StepListener progress) {
      return paint(job, index, progress, () -> false);
    }

    @Override
    public BufferedImage paint(
        JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
      if (job.parameters().prompt().contains("hold")) {
        progress.onStep(1, job.parameters().steps());
        holding.countDown();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!cancelled.getAsBoolean()) {
          if (Instant.now().isAfter(deadline)) {
            throw new ModelException("held for two minutes and never cancelled");
          }
          LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        stoppedByCancel.countDown();
        throw new PaintingCancelledException("cancelled at step 1 of jobId=" + job.jobId());
      }
      synchronized (this) {
        paintedBySeed.merge(job.parameters().seedOf(index), 1, Integer::sum);
      }
      BufferedImage image =
          new BufferedImage(
              job.parameters().width(), job.parameters().height(), BufferedImage.TYPE_INT_RGB);
      int[] row = new int[job.parameters().width()];
      Arrays.fill(row, (int) (job.parameters().seedOf(index) * 2654435761L) & 0xffffff);
      for (int y = 0; y < job.parameters().height(); y++) {
        image.setRGB(0, y, job.parameters().width(), 1, row, 0, job.parameters().width());
      }
      progress.onStep(1, 1);
      return image;
    }

    @Override
    public void close() {}
  }
}
