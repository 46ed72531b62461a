package io.goldpan.functions.jobs;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.body.CloseableByteBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The request body as text, whatever its declared content type: {@code curl -d '{...}'} labels JSON
 * as a form, and the framework would otherwise try to decode it as one. The size is already capped
 * by {@code micronaut.server.max-request-size}.
 */
public final class RawBody {
  private static final long READ_TIMEOUT_SECONDS = 30;

  private RawBody() {}

  /** The body decoded as UTF-8, or {@code null} when there is none. */
  public static String text(HttpRequest<?> request) {
    if (!(request instanceof ServerHttpRequest<?> server)) {
      return request.getBody(String.class).orElse(null);
    }
    try (CloseableByteBody copy = server.byteBody().split();
        CloseableAvailableByteBody body =
            copy.buffer().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      return body.length() == 0 ? null : body.toString(StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the request body", e);
    } catch (ExecutionException e) {
      // e.g. ContentLengthExceededException, which the framework answers with 413
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new InvalidRequestException("the request body could not be read", List.of());
    } catch (TimeoutException e) {
      throw new InvalidRequestException(
          "the request body did not arrive within " + READ_TIMEOUT_SECONDS + " s", List.of());
    }
  }
}
