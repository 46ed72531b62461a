package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** The page shell: head, navigation, the live runner status line, and the HTML response. */
final class Layout {
  private Layout() {}

  /** A signed-in page. */
  static String page(String title, WebSession session, String body) {
    String nav =
        """
        <header class="top">
          <nav aria-label="Main">
            <a href="/app">Gallery</a>
            <a href="/app/new">New</a>
            <a href="/app/styles">Styles</a>
            <a href="/app/shares">Shares</a>
            <form method="post" action="/app/logout" class="signout">%s<button type="submit">Sign out</button></form>
          </nav>
          <p id="runner-status" class="status" role="status" data-live="/app/status" data-every="5000">…</p>
        </header>
        """
            .formatted(csrfField(session));
    return shell(title, session.csrfToken(), nav + "<main id=\"main\">" + body + "</main>");
  }

  /** A page for someone not signed in (sign-in, shared links). */
  static String publicPage(String title, String body) {
    return shell(title, null, "<main id=\"main\">" + body + "</main>");
  }

  static String csrfField(WebSession session) {
    return "<input type=\"hidden\" name=\""
        + SessionFilter.CSRF_FIELD
        + "\" value=\""
        + esc(session.csrfToken())
        + "\">";
  }

  static MutableHttpResponse<String> html(HttpStatus status, String html) {
    MutableHttpResponse<String> response =
        HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE).body(html);
    WebHeaders.apply(response);
    return response;
  }

  static MutableHttpResponse<String> html(String html) {
    return html(HttpStatus.OK, html);
  }

  private static String shell(String title, @Nullable String csrf, String body) {
    String csrfMeta =
        csrf == null ? "" : "<meta name=\"csrf-token\" content=\"" + esc(csrf) + "\">";
    return """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%s · Goldpan</title>
    %s
    <link rel="stylesheet" href="/static/app.css">
    <script src="/static/app.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to content</a>
    %s
    </body>
    </html>
    """
        .formatted(esc(title), csrfMeta, body);
  }
}
