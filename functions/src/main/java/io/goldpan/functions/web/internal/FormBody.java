package io.goldpan.functions.web.internal;

import io.goldpan.functions.jobs.RawBody;
import io.micronaut.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body with repeated names kept (checkbox groups).
 * Reading it leaves the body readable for whoever comes next.
 */
public final class FormBody {
  private final Map<String, List<String>> values;

  private FormBody(Map<String, List<String>> values) {
    this.values = values;
  }

  public static FormBody of(HttpRequest<?> request) {
    return parse(RawBody.text(request));
  }

  public static FormBody parse(String body) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (body != null && !body.isEmpty()) {
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return new FormBody(values);
  }

  /** The first value of {@code name}, or {@code ""}. */
  public String get(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
