package io.goldpan.functions.gallery;

import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.SqsText;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The built-in style presets and each owner's saved ones. */
@Singleton
public class Styles {
  public static final int NAME_MAX = 64;
  public static final int TEMPLATE_MAX = 500;

  static final List<Style> BUILT_IN =
      List.of(
          builtIn("ukiyo-e", "{prompt}, ukiyo-e woodblock print, flat colours, bold outlines"),
          builtIn("painting by Monet", "{prompt}, painting by Claude Monet, impressionism"),
          builtIn("one line drawing", "one line drawing of {prompt}, continuous single line"),
          builtIn("cctv footage", "cctv footage of {prompt}, grainy, timestamp overlay"),
          builtIn(
              "technical drawing from an old textbook",
              "technical drawing of {prompt} from an old textbook, engraved lines, labels"),
          builtIn("watercolour", "{prompt}, loose watercolour on rough paper"),
          builtIn("pixel art", "{prompt}, 16-bit pixel art"),
          builtIn("film noir still", "{prompt}, film noir still, black and white, hard shadows"));

  private final StylePresetRepository presets;
  private final Clock clock;

  public Styles(StylePresetRepository presets, Clock clock) {
    this.presets = presets;
    this.clock = clock;
  }

  /** Built-ins first, then the owner's presets. */
  public List<Style> available(String owner) {
    List<Style> all = new ArrayList<>(BUILT_IN);
    for (StylePreset p : presets.findByOwner(owner)) {
      all.add(new Style("p:" + p.id(), p.name(), p.template()));
    }
    return all;
  }

  public Optional<Style> find(String owner, String key) {
    return available(owner).stream().filter(s -> s.key().equals(key)).findFirst();
  }

  public List<StylePreset> presets(String owner) {
    return presets.findByOwner(owner);
  }

  /**
   * Saves a preset.
   *
   * @throws InvalidRequestException naming the field at fault
   */
  public StylePreset save(String owner, String name, String template) {
    String n = name == null ? "" : name.strip();
    String t = template == null ? "" : template.strip();
    List<FieldError> errors = new ArrayList<>();
    String nameProblem =
        n.isEmpty() || n.length() > NAME_MAX
            ? "must be 1 to " + NAME_MAX + " characters"
            : SqsText.problem(n);
    if (nameProblem != null) {
      errors.add(field("name", nameProblem));
    }
    // The template becomes part of job prompts, so it must be text SQS can carry.
    String templateProblem =
        !t.contains(Style.PLACEHOLDER) || t.length() > TEMPLATE_MAX
            ? "must contain {prompt} and be at most " + TEMPLATE_MAX + " characters"
            : SqsText.problem(t);
    if (templateProblem != null) {
      errors.add(field("template", templateProblem));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors.size() + " fields are invalid", errors);
    }
    StylePreset preset =
        new StylePreset(
            UUID.randomUUID().toString(),
            owner,
            n,
            t,
            Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    return presets.save(preset);
  }

  public boolean delete(String owner, String id) {
    return presets.deleteOwned(id, owner) > 0;
  }

  private static FieldError field(String name, String message) {
    return new FieldError(name, message);
  }

  private static Style builtIn(String name, String template) {
    return new Style("b:" + name, name, template);
  }
}
