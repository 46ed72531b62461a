package io.goldpan.functions.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.functions.ApiError.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a submission's {@code webhook} and {@code webhookEvents}. Only their form is checked here;
 * where the URL may point is for {@link io.goldpan.functions.outbound.Destinations}.
 */
public final class JobWebhooks {
  public static final int URL_MAX_CHARS = 2048;
  static final String URL_FIELD = "webhook";
  static final String EVENTS_FIELD = "webhookEvents";

  private JobWebhooks() {}

  /** The webhook the body asks for, or {@code null}; problems are added to {@code problems}. */
  static WebhookRequest read(JsonNode root, List<FieldError> problems) {
    JsonNode url = present(root.get(URL_FIELD));
    JsonNode events = present(root.get(EVENTS_FIELD));
    Set<WebhookEvent> wanted = events(events, problems);
    if (url == null) {
      if (events != null) {
        problems.add(new FieldError(EVENTS_FIELD, "needs a webhook"));
      }
      return null;
    }
    Optional<URI> uri = url(url, problems);
    if (uri.isEmpty() || wanted == null) {
      return null;
    }
    return new WebhookRequest(uri.get(), wanted);
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static Optional<URI> url(JsonNode node, List<FieldError> problems) {
    String rule =
        "must be an absolute https URL of at most "
            + URL_MAX_CHARS
            + " characters, without user name or password";
    if (!node.isTextual() || node.textValue().length() > URL_MAX_CHARS) {
      problems.add(new FieldError(URL_FIELD, rule));
      return Optional.empty();
    }
    try {
      URI uri = new URI(node.textValue());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute()
          || !(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        problems.add(new FieldError(URL_FIELD, rule));
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      problems.add(new FieldError(URL_FIELD, rule));
      return Optional.empty();
    }
  }

  private static Set<WebhookEvent> events(JsonNode node, List<FieldError> problems) {
    if (node == null) {
      return EnumSet.of(WebhookEvent.COMPLETED);
    }
    String rule = "must be a list of distinct events from start, output, completed";
    if (!node.isArray() || node.isEmpty() || node.size() > WebhookEvent.values().length) {
      problems.add(new FieldError(EVENTS_FIELD, rule));
      return null;
    }
    Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
    for (JsonNode item : node) {
      Optional<WebhookEvent> event =
          item.isTextual() ? WebhookEvent.byWireName(item.textValue()) : Optional.empty();
      if (event.isEmpty() || !events.add(event.get())) {
        problems.add(new FieldError(EVENTS_FIELD, rule));
        return null;
      }
    }
    return events;
  }
}
