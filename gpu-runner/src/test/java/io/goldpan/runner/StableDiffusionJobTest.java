package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.EventType;
import io.goldpan.contract.ImageRef;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.sd.StableDiffusionModel;
import io.goldpan.runner.storage.PngText;
import io.goldpan.testing.MutableClock;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner painting jobs with the tiny Stable Diffusion fixture model. */
class StableDiffusionJobTest {
  /** Painting with the tiny model takes seconds; far longer on a machine busy with builds. */
  private static final Duration PAINTING = Duration.ofSeconds(60);

  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");
  private static final Path TINY_SD = Path.of("src/test/resources/sd/models/tiny-sd");

  private static StableDiffusionModel model;

  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Queue queue = new Fakes.Queue(journal);
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.Bucket bucket = new Fakes.Bucket();
  private Runner runner;

  @BeforeAll
  static void openModel() {
    model = StableDiffusionModel.open("tiny", TINY_SD, ExecutionProvider.CPU);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @AfterEach
  void stopRunner() {
    if (runner != null) {
      runner.close();
    }
  }

  private final Fakes.FlatModel flat = new Fakes.FlatModel();

  private void start(Clock clock) {
    start(clock, model);
  }

  /** A runner without previews: these tests count every progress event. */
  private void start(Clock clock, Model painting) {
    start(clock, painting, "0");
  }

  private void start(Clock clock, Model painting, String previewInterval) {
    RunnerConfig config =
        RunnerConfig.from(
            Map.of(
                RunnerConfig.RUNNER_ID, "test-runner",
                RunnerConfig.POLL_WAIT, "0",
                RunnerConfig.RUNNER_HEARTBEAT, "3600",
                RunnerConfig.PREVIEW_INTERVAL, previewInterval));
    runner =
        Runner.builder(config)
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .models(List.of(painting, flat))
            .executionProvider("CPU")
            .clock(clock)
            .build();
    runner.start();
  }

  private static String job(int count, int steps) {
    return job(count, steps, "euler_a");
  }

  private static String job(int count, int steps, String scheduler) {
    return Contract.toJson(
        new JobMessage(
            Contract.VERSION,
            JOB_ID,
            JobParameters.textToImage(
                "a gnome", "blurry", count, 42, 256, 256, steps, 7.5, "tiny", scheduler),
            NOW,
            NOW.plusSeconds(3600)));
  }

  @Test
  void job_withTaesd_storesSmallPreviewsWhilePainting_andAnnouncesEachInItsProgress()
      throws Exception {
    String messageId = queue.offer(job(2, 4));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)), model, "1");

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    List<RunnerEvent> announced =
        events.jobEvents().stream()
            .filter(e -> e.type() == EventType.PROGRESS && e.preview() != null)
            .toList();
    assertThat(announced).isNotEmpty();
    assertThat(announced).allSatisfy(e -> assertThat(e.preview().index()).isBetween(0, 1));
    assertThat(announced)
        .allSatisfy(e -> assertThat(e.preview().step()).isBetween(1, e.totalSteps()));
    assertThat(announced).extracting(e -> e.preview().step()).isSorted();
    byte[] jpeg = bucket.objects.get(StorageKeys.preview(JOB_ID));
    assertThat(jpeg).as("the latest preview").isNotNull();
    assertThat(jpeg.length).as("a few KB").isLessThan(20_000);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(preview.getWidth()).isEqualTo(256);
    assertThat(preview.getHeight()).isEqualTo(256);
    assertThat(events.jobEventTypes()).last().isEqualTo(EventType.SUCCEEDED);
  }

  @Test
  void job_withPreviewsOff_storesNoPreview() {
    String messageId = queue.offer(job(1, 3));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(bucket.objects).doesNotContainKey(StorageKeys.preview(JOB_ID));
    assertThat(events.jobEvents()).allSatisfy(e -> assertThat(e.preview()).isNull());
  }

  @Test
  void job_reportsEveryStepAcrossImages_andStoresPngsWithParameters() throws Exception {
    String messageId = queue.offer(job(2, 3));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).first().isEqualTo(EventType.STARTED);
    assertThat(events.jobEventTypes()).last().isEqualTo(EventType.SUCCEEDED);
    List<RunnerEvent> progress =
        events.jobEvents().stream().filter(e -> e.type() == EventType.PROGRESS).toList();
    // the last step is not sent on its own: the succeeded event completes the count; image 0 is
    // reported once stored, repeating the step count it is at then (image 1 may be painting)
    assertThat(progress).extracting(RunnerEvent::step).isSorted();
    assertThat(progress.stream().map(RunnerEvent::step).distinct()).containsExactly(1, 2, 3, 4, 5);
    assertThat(progress).hasSize(6);
    assertThat(progress).extracting(RunnerEvent::totalSteps).containsOnly(6);
    List<List<Integer>> listed =
        progress.stream()
            .map(
                e ->
                    e.images() == null
                        ? List.<Integer>of()
                        : e.images().stream().map(ImageResult::index).toList())
            .toList();
    int first = listed.indexOf(List.of(0));
    assertThat(first).as("a progress event lists image 0").isNotNegative();
    assertThat(listed.subList(0, first)).allMatch(List::isEmpty);
    assertThat(listed.subList(first, listed.size())).allMatch(List.of(0)::equals);
    byte[] png = bucket.objects.get(StorageKeys.image(JOB_ID, 1));
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(256);
    assertThat(PngText.read(png))
        .containsEntry(
            "parameters",
            "a gnome\n"
                + "Negative prompt: blurry\n"
                + "Steps: 3, Sampler: Euler a, CFG scale: 7.5, Seed: 43, Size: 256x256, Model:"
                + " tiny");
  }

  @Test
  void job_storesPngsNamingTheSamplerAsAutomatic1111Does_theModelsOwnWhenTheJobNamesNone()
      throws Exception {
    String karras = queue.offer(job(1, 2, "dpmpp_2m_karras"));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));
    until("the message is deleted", PAINTING, () -> queue.deleted.contains(karras));
    String otherJob = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    String own = queue.offer(job(1, 2, null).replace(JOB_ID, otherJob));
    until("the second message is deleted", PAINTING, () -> queue.deleted.contains(own));

    assertThat(PngText.read(bucket.objects.get(StorageKeys.image(JOB_ID, 0))).get("parameters"))
        .contains("Steps: 2, Sampler: DPM++ 2M Karras, CFG scale: 7.5");
    // tiny-sd ships EulerDiscreteScheduler
    assertThat(PngText.read(bucket.objects.get(StorageKeys.image(otherJob, 0))).get("parameters"))
        .contains("Steps: 2, Sampler: Euler, CFG scale: 7.5");
  }

  private static final String SOURCE_JOB = "5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e";

  private static String varyJob(String model, double strength) {
    JobMessage job = Contract.parseJob(job(2, 4, "euler_a"));
    JobParameters p = job.parameters();
    return Contract.toJson(
        job.with(
            new JobParameters(
                p.prompt(),
                p.negativePrompt(),
                p.count(),
                p.seed(),
                p.width(),
                p.height(),
                p.steps(),
                p.guidance(),
                model,
                p.scheduler(),
                new ImageRef(SOURCE_JOB, 1),
                strength)));
  }

  @Test
  void imageToImageJob_startsFromTheStoredPicture_andCountsOnlyTheStepsRun() throws Exception {
    byte[] source = pngOf(new Color(200, 40, 90));
    bucket.objects.put(StorageKeys.image(SOURCE_JOB, 1), source);
    String messageId = queue.offer(varyJob("tiny", 0.5));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).last().isEqualTo(EventType.SUCCEEDED);
    // 4 steps at strength 0.5: 2 run for each of the 2 images
    assertThat(events.jobEvents().stream().filter(e -> e.type() == EventType.PROGRESS))
        .extracting(RunnerEvent::totalSteps)
        .containsOnly(4);
    byte[] varied = bucket.objects.get(StorageKeys.image(JOB_ID, 0));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(varied));
    assertThat(image.getWidth()).isEqualTo(256);
    assertThat(PngText.read(varied).get("parameters"))
        .endsWith("Model: tiny, Denoising strength: 0.5");
    // half the noise of a fresh start: the picture's colour is still there on average
    assertThat(meanRed(image)).isGreaterThan(meanBlue(image));
    assertThat(events.sent.stream().filter(e -> e.type() == EventType.RUNNER_HEARTBEAT))
        .first()
        .extracting(RunnerEvent::varyingModels)
        .isEqualTo(List.of("tiny"));
  }

  @Test
  void imageToImageJob_whosePictureIsGone_failsNamingIt_andStoresNothing() {
    String messageId = queue.offer(varyJob("tiny", 0.5));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED, EventType.FAILED);
    assertThat(events.jobEvents().get(1).error())
        .contains(StorageKeys.image(SOURCE_JOB, 1))
        .contains("no longer stored");
    assertThat(bucket.objects).isEmpty();
  }

  @Test
  void imageToImageJob_forAModelThatCannotVary_failsNamingTheModel() throws Exception {
    bucket.objects.put(StorageKeys.image(SOURCE_JOB, 1), pngOf(Color.GRAY));
    String messageId = queue.offer(varyJob("demo", 0.5));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).last().isEqualTo(EventType.FAILED);
    assertThat(events.jobEvents().get(events.jobEvents().size() - 1).error())
        .isEqualTo("model demo cannot vary images: its export has no vae_encoder");
    assertThat(flat.painted).hasValue(0);
  }

  private static byte[] pngOf(Color colour) throws IOException {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 256, 256);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static double meanRed(BufferedImage image) {
    return mean(image, 16);
  }

  private static double meanBlue(BufferedImage image) {
    return mean(image, 0);
  }

  private static double mean(BufferedImage image, int shift) {
    long sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        sum += (image.getRGB(x, y) >> shift) & 0xff;
      }
    }
    return (double) sum / (image.getWidth() * image.getHeight());
  }

  @Test
  void job_withAFrozenClock_sendsOneStepEventPerInterval_andEveryImageEndButTheLast() {
    String messageId = queue.offer(job(2, 3));
    start(Clock.fixed(NOW, ZoneOffset.UTC));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEvents().stream().filter(e -> e.type() == EventType.PROGRESS))
        .extracting(RunnerEvent::step)
        .containsExactly(1, 3);
  }

  @Test
  void job_inUNetBatchesOfTwo_storesEveryImageOnItsOwn_withTheImagesPaintedOneByOne()
      throws Exception {
    String oneByOne = queue.offer(job(3, 2));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));
    until("the one-by-one job is done", PAINTING, () -> queue.deleted.contains(oneByOne));
    runner.close();
    List<BufferedImage> alone = storedImages(3);
    bucket.objects.clear();
    events.sent.clear();

    try (StableDiffusionModel batched =
        StableDiffusionModel.open("tiny", TINY_SD, ExecutionProvider.CPU, 0, 2, null)) {
      List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
      Model counting =
          new Model() {
            @Override
            public String name() {
              return batched.name();
            }

            @Override
            public BufferedImage paint(JobMessage job, int index, StepListener progress) {
              throw new AssertionError("painted image " + index + " outside a batch");
            }

            @Override
            public BufferedImage paint(
                JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
              batches.add(1);
              return batched.paint(job, index, progress, cancelled);
            }

            @Override
            public int maxBatch() {
              return batched.maxBatch();
            }

            @Override
            public List<BufferedImage> paintBatch(
                JobMessage job,
                int first,
                int count,
                StepListener progress,
                BooleanSupplier cancelled) {
              batches.add(count);
              return batched.paintBatch(job, first, count, progress, cancelled);
            }

            @Override
            public String samplerLabel(JobMessage job) {
              return batched.samplerLabel(job);
            }

            @Override
            public void close() {}
          };
      String inBatches = queue.offer(job(3, 2));
      start(MutableClock.ticking(NOW, Duration.ofSeconds(1)), counting);
      until("the batched job is done", PAINTING, () -> queue.deleted.contains(inBatches));
      runner.close();
      runner = null;
      assertThat(batches).containsExactly(2, 1);
    }

    List<BufferedImage> together = storedImages(3);
    for (int i = 0; i < 3; i++) {
      assertThat(maxChannelDifference(together.get(i), alone.get(i)))
          .as("image %d, seed %d", i, 42 + i)
          .isLessThanOrEqualTo(2);
    }
    assertThat(maxChannelDifference(together.get(0), together.get(1)))
        .as("images of different seeds differ")
        .isGreaterThan(10);
    RunnerEvent succeeded = events.jobEvents().get(events.jobEvents().size() - 1);
    assertThat(succeeded.type()).isEqualTo(EventType.SUCCEEDED);
    assertThat(succeeded.images()).extracting(ImageResult::index).containsExactly(0, 1, 2);
    // images 0 and 1 are one batch, yet each is stored, and reported, on its own
    assertThat(
            events.jobEvents().stream()
                .filter(e -> e.type() == EventType.PROGRESS && e.images() != null)
                .map(e -> e.images().size())
                .distinct())
        .contains(1, 2);
  }

  private List<BufferedImage> storedImages(int count) throws Exception {
    List<BufferedImage> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          javax.imageio.ImageIO.read(
              new ByteArrayInputStream(bucket.objects.get(StorageKeys.image(JOB_ID, i)))));
    }
    return out;
  }

  private static int maxChannelDifference(BufferedImage a, BufferedImage b) {
    int max = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          max = Math.max(max, Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)));
        }
      }
    }
    return max;
  }

  @Test
  void cancelMarkerDuringAnImage_stopsBetweenSteps_andUploadsNothing() {
    AtomicInteger looks = new AtomicInteger();
    bucket.beforeExists =
        key -> {
          // looks: before the job, before step 1, before step 2; the user cancels during step 1
          if (looks.incrementAndGet() == 3) {
            bucket.objects.put(StorageKeys.cancelMarker(JOB_ID), new byte[0]);
          }
        };
    String messageId = queue.offer(job(2, 4));
    start(MutableClock.ticking(NOW, Duration.ofSeconds(1)));

    until("the message is deleted", PAINTING, () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes())
        .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.CANCELLED);
    assertThat(bucket.objects).containsOnlyKeys(StorageKeys.cancelMarker(JOB_ID));
  }
}
