package io.goldpan.runner.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** One diffusers run recorded by the fixture script ({@code sd/pipeline/<variant>/runs.json}). */
record PipelineReference(String variant, JsonNode run) {

  static List<PipelineReference> of(String variant) {
    List<PipelineReference> out = new ArrayList<>();
    Fixtures.json("pipeline/" + variant + "/runs.json")
        .get("runs")
        .forEach(run -> out.add(new PipelineReference(variant, run)));
    return out;
  }

  static Path modelDirectory(String variant) {
    return Fixtures.path("models/" + variant + "/model_index.json").getParent();
  }

  String name() {
    return variant + "/" + run.get("name").asText();
  }

  @Override
  public String toString() {
    return name();
  }

  GenerationRequest request() {
    JsonNode negative = run.get("negative");
    JsonNode scheduler = run.get("scheduler");
    return new GenerationRequest(
        run.get("prompt").asText(),
        negative == null || negative.isNull() ? null : negative.asText(),
        run.get("seed").asLong(),
        run.get("count").asInt(),
        width(),
        height(),
        run.get("steps").asInt(),
        run.get("guidance").asDouble(),
        scheduler == null || scheduler.isNull() ? null : scheduler.asText());
  }

  /** The run's width, 64 unless it says. */
  int width() {
    return run.has("width") ? run.get("width").asInt() : 64;
  }

  /** The run's height, 64 unless it says. */
  int height() {
    return run.has("height") ? run.get("height").asInt() : 64;
  }

  float[] injectedLatents() {
    JsonNode latents = run.get("injected_latents");
    return latents == null || latents.isNull() ? null : Fixtures.floats(latents);
  }

  /** Recorded latents after the given step, or null when that step was not recorded. */
  float[] latentsAfter(int step) {
    JsonNode latents = run.get("step_latents").get(String.valueOf(step));
    return latents == null ? null : Fixtures.floats(latents);
  }

  List<BufferedImage> images() {
    List<BufferedImage> images = new ArrayList<>();
    for (JsonNode file : run.get("images")) {
      Path path = Fixtures.path("pipeline/" + variant + "/" + file.asText());
      try {
        images.add(ImageIO.read(path.toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    return images;
  }
}
