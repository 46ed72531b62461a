package io.goldpan.runner.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face Hub's public HTTP protocol, as far as pulling a model needs it: the tree
 * listing, file metadata from a {@code HEAD} on {@code resolve}, and downloads that follow the
 * redirect to the CDN without forwarding the token there.
 */
public final class HubClient {
  /** The public Hub, unless {@code HF_ENDPOINT} names another. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final int MAX_REDIRECTS = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI endpoint;
  private final String token;
  private final HttpClient http;

  /**
   * @param endpoint the Hub, e.g. {@link #DEFAULT_ENDPOINT}
   * @param token an access token ({@code HF_TOKEN}) for gated or private repos, or {@code null}
   * @param http a client that does not follow redirects itself
   */
  public HubClient(URI endpoint, String token, HttpClient http) {
    String text = endpoint.toString();
    this.endpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.http = http;
  }

  /** An HTTP client for the Hub: redirects are followed by this class, never by the client. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The repo's page, where a gated repo's access is requested. */
  public URI page(String repo) {
    return URI.create(endpoint + "/" + repo);
  }

  /**
   * What a {@code HEAD} on {@code resolve/{revision}/{path}} says, without following redirects.
   *
   * @throws HubException on 401/403 (naming the repo page), 404 and other failures
   */
  public FileMetadata head(String repo, String revision, String path) {
    URI uri = resolveUri(repo, revision, path);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest request =
          authorized(
                  HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()))
              .header("Accept-Encoding", "identity")
              .timeout(TIMEOUT)
              .build();
      HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), repo);
      int status = response.statusCode();
      var headers = response.headers();
      Optional<String> location = headers.firstValue("Location");
      // A renamed repo redirects to its new name on the Hub itself: follow that. A redirect to
      // another host (the CDN) already carries the metadata.
      if (isRedirect(status)
          && location.isPresent()
          && sameOrigin(uri.resolve(location.get()), endpoint)
          && headers.firstValue("X-Repo-Commit").isEmpty()) {
        uri = uri.resolve(location.get());
        continue;
      }
      if (status >= 400) {
        throw failure(repo, revision, path, status, headers.firstValue("X-Error-Code"));
      }
      String linkedEtag = headers.firstValue("X-Linked-Etag").map(HubClient::unquote).orElse(null);
      Long linkedSize =
          headers.firstValue("X-Linked-Size").map(String::strip).map(Long::valueOf).orElse(null);
      String commit = headers.firstValue("X-Repo-Commit").orElse(null);
      return new FileMetadata(commit, linkedEtag, linkedSize);
    }
    throw new HubException("more than " + MAX_REDIRECTS + " redirects for " + path + " of " + repo);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * Every file of {@code repo} at {@code revision}, following the listing's {@code Link: <…>;
   * rel="next"} pages.
   */
  public List<HubFile> files(String repo, String revision) {
    List<HubFile> files = new ArrayList<>();
    URI next =
        URI.create(
            endpoint + "/api/models/" + repo + "/tree/" + encode(revision) + "?recursive=true");
    while (next != null) {
      HttpRequest request = authorized(HttpRequest.newBuilder(next).GET()).timeout(TIMEOUT).build();
      HttpResponse<String> response =
          send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), repo);
      if (response.statusCode() != 200) {
        throw failure(
            repo,
            revision,
            null,
            response.statusCode(),
            response.headers().firstValue("X-Error-Code"));
      }
      JsonNode page;
      try {
        page = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new HubException("the Hub's file list of " + repo + " is not JSON: " + e, e);
      }
      if (!page.isArray()) {
        throw new HubException("the Hub's file list of " + repo + " is not a JSON array");
      }
      for (JsonNode entry : page) {
        if (!"file".equals(entry.path("type").asText())) {
          continue;
        }
        JsonNode lfs = entry.get("lfs");
        files.add(
            new HubFile(
                entry.path("path").asText(),
                entry.path("size").asLong(),
                entry.path("oid").asText(null),
                lfs == null || lfs.isNull() ? null : lfs.path("oid").asText(null)));
      }
      URI current = next;
      next =
          response
              .headers()
              .firstValue("Link")
              .map(NEXT_LINK::matcher)
              .filter(Matcher::find)
              .map(m -> current.resolve(m.group(1)))
              .orElse(null);
    }
    return files;
  }

  /**
   * Starts the download of {@code path} from byte {@code offset} ({@code Range: bytes=N-} when not
   * 0), following redirects itself: {@code Authorization} goes only to the Hub's own host. The
   * caller closes the body; a {@code 206} continues at {@code offset}, a {@code 200} starts over.
   *
   * @throws HubException on any status but 200, 206 and 416
   */
  public HttpResponse<InputStream> download(
      String repo, String revision, String path, long offset) {
    URI uri = resolveUri(repo, revision, path);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(TIMEOUT);
      if (sameOrigin(uri, endpoint)) {
        authorized(builder);
      }
      if (offset > 0) {
        builder.header("Range", "bytes=" + offset + "-");
      }
      HttpResponse<InputStream> response =
          send(builder.build(), HttpResponse.BodyHandlers.ofInputStream(), repo);
      int status = response.statusCode();
      if (isRedirect(status)) {
        close(response.body());
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          throw new HubException(
              "the Hub redirected " + path + " of " + repo + " without a Location");
        }
        uri = uri.resolve(location.get());
        continue;
      }
      if (status == 200 || status == 206 || status == 416) {
        return response;
      }
      close(response.body());
      throw failure(repo, revision, path, status, response.headers().firstValue("X-Error-Code"));
    }
    throw new HubException(
        "more than " + MAX_REDIRECTS + " redirects downloading " + path + " of " + repo);
  }

  private URI resolveUri(String repo, String revision, String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/")) {
      encoded.append('/').append(encode(segment));
    }
    return URI.create(endpoint + "/" + repo + "/resolve/" + encode(revision) + encoded);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.header("User-Agent", "goldpan-runner");
  }

  private HubException failure(
      String repo, String revision, String path, int status, Optional<String> errorCode) {
    String code = errorCode.orElse("");
    String what = path == null ? repo + "@" + revision : path + " of " + repo + "@" + revision;
    if (status == 401 || status == 403) {
      if (code.equals("GatedRepo")) {
        return new HubException(
            "the Hub refused "
                + what
                + " ("
                + status
                + ", gated repo): request access at "
                + page(repo)
                + " and set HF_TOKEN to an access token of that account"
                + (token == null ? "" : " (the HF_TOKEN given has no access yet)"));
      }
      return new HubException(
          "the Hub refused "
              + what
              + " ("
              + status
              + (code.isEmpty() ? "" : ", " + code)
              + "): "
              + (token == null
                  ? "the repo is private or gated; set HF_TOKEN and check " + page(repo)
                  : "HF_TOKEN has no access to it; check " + page(repo)));
    }
    if (status == 404) {
      if (code.equals("RepoNotFound")) {
        return new HubException(
            "the Hub has no repo "
                + repo
                + " (or it is private: set HF_TOKEN); check "
                + page(repo));
      }
      if (code.equals("RevisionNotFound")) {
        return new HubException("repo " + repo + " has no revision '" + revision + "'");
      }
      return new EntryNotFoundException(
          "the Hub has no " + what + " (404" + (code.isEmpty() ? "" : ", " + code) + ")");
    }
    return new HubException("the Hub answered " + status + " for " + what);
  }

  private <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, String repo) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new HubException(
          "cannot reach the Hub at " + endpoint + " for " + repo + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubException("interrupted while talking to the Hub about " + repo, e);
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String unquote(String etag) {
    String value = etag.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // the response is abandoned anyway
    }
  }

  /**
   * What a {@code HEAD} on a file says.
   *
   * @param commit {@code X-Repo-Commit}: the commit the revision resolved to
   * @param sha256 {@code X-Linked-Etag} without quotes: an LFS file's SHA-256, else {@code null}
   * @param size {@code X-Linked-Size}, an LFS file's size, else {@code null}
   */
  public record FileMetadata(String commit, String sha256, Long size) {}
}
