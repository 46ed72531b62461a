package io.goldpan.functions.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A tiny HTTP client for tests: raw status, headers and JSON, no exceptions for 4xx. */
public final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;
  private final String key;

  public Http(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  public Http as(String otherKey) {
    return new Http(base, otherKey);
  }

  /** A response: status, the raw one for headers, and the body as JSON (or null). */
  public record Response(int status, java.net.http.HttpResponse<String> raw, JsonNode json) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Response get(String path) {
    return send(builder(path).GET());
  }

  public Response delete(String path) {
    return send(builder(path).DELETE());
  }

  public Response post(String path, String body) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body)));
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      var response = CLIENT.send(builder.build(), BodyHandlers.ofString());
      JsonNode json = null;
      String body = response.body();
      if (body != null && !body.isBlank()) {
        try {
          json = JSON.readTree(body);
        } catch (IOException e) {
          json = null;
        }
      }
      return new Response(response.statusCode(), response, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }
}
