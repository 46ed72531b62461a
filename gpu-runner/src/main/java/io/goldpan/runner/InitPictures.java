package io.goldpan.runner;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.storage.ImageStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Reads the picture an image-to-image job starts from ({@link JobMessage#init()}, a key under
 * {@code images/} the API checked belongs to the job's owner).
 */
final class InitPictures {
  /** Far above a 1024² PNG; a larger object is not one of ours. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  private final ImageStore store;
  private final OutageRetries retries;

  InitPictures(ImageStore store, OutageRetries retries) {
    this.store = store;
    this.retries = retries;
  }

  /**
   * The job's starting picture, or null for a text-to-image job.
   *
   * @throws ModelException when the picture is gone (purged since the job was accepted) or is not a
   *     readable image
   * @throws OutageException when storage cannot be read for the whole retry budget
   */
  BufferedImage read(JobMessage job) {
    if (job.parameters().init() == null) {
      return null;
    }
    String key = job.parameters().init().key();
    Optional<byte[]> bytes = retries.call(OutageException.Service.STORAGE, () -> store.get(key));
    if (bytes.isEmpty()) {
      throw new ModelException(
          "the picture to start from, " + key + ", is no longer stored (deleted since the job)");
    }
    if (bytes.get().length > MAX_BYTES) {
      throw new ModelException(
          "the picture to start from, " + key + ", is larger than " + MAX_BYTES + " bytes");
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes.get()));
      if (image == null) {
        throw new ModelException("the picture to start from, " + key + ", is not an image");
      }
      return image;
    } catch (IOException e) {
      throw new ModelException(
          "the picture to start from, " + key + ", cannot be read: " + e.getMessage(), e);
    }
  }
}
