package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import java.awt.image.BufferedImage;

/**
 * The picture image-to-image starts from, and how much of it to repaint.
 *
 * @param image the picture; resized to the request's size when it differs
 * @param strength in (0, 1]: the share of the steps that run (diffusers' {@code strength}); 1
 *     repaints from pure noise, small values keep the picture
 */
public record InitImage(BufferedImage image, double strength) {
  /**
   * @throws ModelException when the image is missing or the strength is out of (0, 1]
   */
  public InitImage {
    if (image == null) {
      throw new ModelException("init image is required");
    }
    if (!(strength > 0 && strength <= 1)) {
      throw new ModelException("strength must be in (0, 1], got " + strength);
    }
  }

  /**
   * diffusers' {@code get_timesteps}: the index of the first timestep that runs, {@code steps -
   * min(int(steps * strength), steps)}.
   */
  public int startStep(int steps) {
    int initTimestep = Math.min((int) (steps * strength), steps);
    return Math.max(steps - initTimestep, 0);
  }
}
