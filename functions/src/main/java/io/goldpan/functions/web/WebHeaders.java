package io.goldpan.functions.web;

import io.micronaut.http.MutableHttpResponse;

/**
 * Security headers for every HTML page: scripts, styles and forms only from this origin (no inline
 * script), images also from the bucket's presigned URLs, no framing, no referrer to other sites.
 */
final class WebHeaders {
  private WebHeaders() {}

  /** Sets each header, replacing any earlier value, so applying twice still sends each once. */
  static void apply(MutableHttpResponse<?> response) {
    response
        .getHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' http: https:; script-src 'self'; style-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    response.getHeaders().set("X-Content-Type-Options", "nosniff");
    response.getHeaders().set("Referrer-Policy", "same-origin");
  }
}
