package io.goldpan.runner.generate;

import io.goldpan.runner.config.ExecutionProviderChoice;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * What {@code goldpan-runner generate} paints.
 *
 * @param model the name the images carry: {@code demo}, an installed model's name, or a directory
 * @param modelDirectory the Stable Diffusion model directory, or {@code null} for {@code demo}
 * @param seed image {@code i} uses {@code seed + i}; {@code null} for a random seed
 * @param init the picture to start from (image to image), or {@code null}
 * @param strength with {@code init}: how much of it to repaint, in (0, 1]
 */
public record GenerateOptions(
    String model,
    Path modelDirectory,
    String prompt,
    String negativePrompt,
    Long seed,
    int steps,
    double guidance,
    int count,
    int width,
    int height,
    String scheduler,
    Path out,
    ExecutionProviderChoice provider,
    BufferedImage init,
    Double strength) {}
