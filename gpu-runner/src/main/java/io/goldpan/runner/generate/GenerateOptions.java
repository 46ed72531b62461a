package io.goldpan.runner.generate;

import io.goldpan.contract.JobParameters;
import io.goldpan.runner.config.ExecutionProviderChoice;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * What {@code goldpan-runner generate} paints.
 *
 * @param parameters the job to paint; its model is the name the images carry ({@code demo}, an
 *     installed model's name, or a directory's name); its {@code init} is unused, the picture comes
 *     in {@code init}
 * @param modelDirectory the Stable Diffusion model directory, or {@code null} for {@code demo}
 * @param init the picture to start from (image to image), or {@code null}; {@code
 *     parameters.strength()} says how much of it to repaint
 */
public record GenerateOptions(
    JobParameters parameters,
    Path modelDirectory,
    Path out,
    ExecutionProviderChoice provider,
    BufferedImage init) {}
