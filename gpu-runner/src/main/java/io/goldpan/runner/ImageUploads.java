package io.goldpan.runner;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.storage.ImageEncoding;
import io.goldpan.runner.storage.ImageStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes and uploads a job's images in the background: image {@code i} (and its thumbnail, beside
 * it) travels while image {@code i + 1} is painted, so painting never waits for storage unless the
 * previous image is still on its way.
 */
final class ImageUploads {
  private static final Logger log = LoggerFactory.getLogger(ImageUploads.class);

  private final ImageStore store;
  private final Executor executor;
  private final OutageRetries retries;
  private final Clock clock;

  /**
   * @param executor at least two threads: one encodes and uploads the image, another its thumbnail
   * @param retries how a failed upload is retried before the job gives up
   */
  ImageUploads(ImageStore store, Executor executor, OutageRetries retries, Clock clock) {
    this.store = store;
    this.executor = executor;
    this.retries = retries;
    this.clock = clock;
  }

  /**
   * The uploads of {@code job}'s images; each image is reported to {@code progress} once its PNG
   * and thumbnail are stored, so the job's page can show it before the next one is painted.
   *
   * @param sampler the sampler named in each PNG's parameters, or null
   */
  Batch start(JobMessage job, String sampler, JobProgress progress) {
    return new Batch(job, sampler, progress);
  }

  /** One job's images, uploaded in order with at most one in flight. Used by one thread. */
  final class Batch {
    private final JobMessage job;
    private final String sampler;
    private final JobProgress progress;
    private final List<ImageResult> stored = new ArrayList<>();
    private final AtomicLong uploadMs = new AtomicLong();
    private CompletableFuture<ImageResult> storing;

    private Batch(JobMessage job, String sampler, JobProgress progress) {
      this.job = job;
      this.sampler = sampler;
      this.progress = progress;
    }

    /**
     * Waits for the previous image to be stored, then starts storing image {@code index}.
     *
     * @throws OutageException when storing the previous image failed for the whole retry budget
     * @throws InfrastructureException as the store threw it, when the runner stopped meanwhile
     */
    void add(int index, BufferedImage image) {
      awaitStoring();
      storing = CompletableFuture.supplyAsync(() -> store(index, image), executor);
    }

    /** Waits for the last image; every image's result, in order. */
    List<ImageResult> finish() {
      awaitStoring();
      return List.copyOf(stored);
    }

    /**
     * Lets an image already painted finish storing before the job ends early, so what the user saw
     * counted in its progress is there; its failure no longer matters.
     */
    void letFinish() {
      if (storing == null) {
        return;
      }
      try {
        storing.join();
      } catch (CompletionException | CancellationException e) {
        log.debug(
            "jobId={} an image of a job that ends early was not stored: {}",
            job.jobId(),
            e.getMessage());
      }
      storing = null;
    }

    /** Milliseconds spent encoding and uploading so far. */
    long uploadMs() {
      return uploadMs.get();
    }

    private void awaitStoring() {
      if (storing != null) {
        CompletableFuture<ImageResult> previous = storing;
        storing = null;
        stored.add(await(previous));
      }
    }

    private ImageResult store(int index, BufferedImage image) {
      long start = clock.millis();
      String key = StorageKeys.image(job.jobId(), index);
      String thumbKey = StorageKeys.thumbnail(job.jobId(), index);
      // Independent work: the thumbnail is encoded and travels while the full image is.
      CompletableFuture<Void> thumbnail =
          CompletableFuture.runAsync(
              () -> put(thumbKey, ImageEncoding.thumbnail(image, job), "image/jpeg"), executor);
      byte[] png = ImageEncoding.png(image, job, index, sampler);
      put(key, png, "image/png");
      await(thumbnail);
      uploadMs.addAndGet(clock.millis() - start);
      ImageResult result =
          new ImageResult(
              index,
              job.parameters().seedOf(index),
              key,
              thumbKey,
              image.getWidth(),
              image.getHeight());
      progress.imageDone(result);
      return result;
    }
  }

  private void put(String key, byte[] bytes, String contentType) {
    retries.run(OutageException.Service.STORAGE, () -> store.put(key, bytes, contentType));
  }

  /** Waits for an upload; its failure surfaces as the store threw it, not wrapped. */
  private static <T> T await(CompletableFuture<T> upload) {
    try {
      return upload.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
