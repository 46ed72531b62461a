package io.goldpan.runner.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An in-process Hugging Face Hub on 127.0.0.1 speaking the protocol {@link HubClient} uses: the
 * paginated tree listing, {@code resolve} with {@code X-Repo-Commit} / {@code X-Linked-Etag} /
 * {@code X-Linked-Size}, LFS files redirected to a second "CDN" server that answers {@code Range}
 * with 206, and gated repos answering 401. It records every request it gets.
 */
public final class FakeHub implements AutoCloseable {
  /** The commit every repo's {@code main} resolves to. */
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  /** The token gated repos accept. */
  public static final String TOKEN = "hf_test_token";

  /** One request as a server saw it. */
  public record Request(String method, String path, String authorization, String range) {}

  private record RepoFile(byte[] content, boolean lfs, String sha256, String gitOid) {}

  private final HttpServer hub;
  private final HttpServer cdn;
  private final Map<String, Map<String, RepoFile>> repos = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Set<String> gated = ConcurrentHashMap.newKeySet();
  private final Map<String, String> renamed = new ConcurrentHashMap<>();
  private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
  private final Set<String> cutOnce = ConcurrentHashMap.newKeySet();
  private volatile boolean ignoreRange;
  private volatile int pageSize = 4;

  /** Requests to the Hub and to the CDN, in order. */
  public final List<Request> hubRequests = new CopyOnWriteArrayList<>();

  public final List<Request> cdnRequests = new CopyOnWriteArrayList<>();

  public FakeHub() {
    try {
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      hub = HttpServer.create(loopback, 0);
      cdn = HttpServer.create(loopback, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    hub.createContext("/", this::handleHub);
    cdn.createContext("/", this::handleCdn);
    hub.start();
    cdn.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  /**
   * Serves every file under {@code dir} as repo {@code repo}; ONNX files and their external data
   * are LFS files. {@code extra} files are added on top (e.g. torch weights the pull must skip).
   */
  public FakeHub repo(String repo, Path dir, Map<String, byte[]> extra, String... leaveOut) {
    Map<String, RepoFile> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = dir.relativize(file).toString().replace('\\', '/');
        if (Stream.of(leaveOut).noneMatch(path::startsWith)) {
          files.put(path, file(path, Files.readAllBytes(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    extra.forEach((path, content) -> files.put(path, file(path, content)));
    repos.put(repo, files);
    return this;
  }

  /** {@code oldName} was renamed {@code repo}: its files answer 307 to the new name. */
  public FakeHub renamed(String oldName, String repo) {
    renamed.put(oldName, repo);
    return this;
  }

  public FakeHub gated(String repo) {
    gated.add(repo);
    return this;
  }

  /** The CDN serves {@code path}'s bytes with one byte changed. */
  public FakeHub corrupt(String path) {
    corrupt.add(path);
    return this;
  }

  /** The first download of {@code path} is cut off after half its bytes. */
  public FakeHub cutOnce(String path) {
    cutOnce.add(path);
    return this;
  }

  /** The CDN answers every Range request with the whole file (200). */
  public FakeHub ignoreRange() {
    ignoreRange = true;
    return this;
  }

  public FakeHub pageSize(int size) {
    pageSize = size;
    return this;
  }

  /** The paths of {@code repo}. */
  public Set<String> paths(String repo) {
    return repos.get(repo).keySet();
  }

  private RepoFile file(String path, byte[] content) {
    boolean lfs =
        path.endsWith(".onnx") || path.endsWith(".onnx_data") || path.endsWith(".safetensors");
    String sha256 = hex("SHA-256", content);
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] blob = new byte[header.length + content.length];
    System.arraycopy(header, 0, blob, 0, header.length);
    System.arraycopy(content, 0, blob, header.length, content.length);
    if (lfs) {
      blobs.put(sha256, content);
    }
    return new RepoFile(content, lfs, sha256, hex("SHA-1", blob));
  }

  private void handleHub(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      hubRequests.add(record(exchange));
      if (path.startsWith("/api/models/")) {
        tree(exchange, path.substring("/api/models/".length()));
        return;
      }
      int resolve = path.indexOf("/resolve/");
      if (resolve < 0) {
        send(exchange, 404, Map.of(), new byte[0]);
        return;
      }
      String repo = path.substring(1, resolve);
      String[] rest = path.substring(resolve + "/resolve/".length()).split("/", 2);
      if (renamed.containsKey(repo)) {
        send(
            exchange,
            307,
            Map.of("Location", "/" + renamed.get(repo) + path.substring(resolve)),
            new byte[0]);
        return;
      }
      if (refused(exchange, repo)) {
        return;
      }
      if (!rest[0].equals("main") && !rest[0].equals(COMMIT)) {
        send(exchange, 404, Map.of("X-Error-Code", "RevisionNotFound"), new byte[0]);
        return;
      }
      RepoFile file = repos.get(repo).get(rest.length > 1 ? rest[1] : "");
      if (file == null) {
        send(
            exchange,
            404,
            Map.of("X-Error-Code", "EntryNotFound", "X-Repo-Commit", COMMIT),
            new byte[0]);
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-Repo-Commit", COMMIT);
      headers.put("ETag", "\"" + (file.lfs() ? file.sha256() : file.gitOid()) + "\"");
      if (file.lfs()) {
        headers.put("X-Linked-Etag", "\"" + file.sha256() + "\"");
        headers.put("X-Linked-Size", String.valueOf(file.content().length));
        headers.put(
            "Location",
            "http://127.0.0.1:"
                + cdn.getAddress().getPort()
                + "/blobs/"
                + file.sha256()
                + "?file="
                + rest[1]);
        send(exchange, 302, headers, new byte[0]);
        return;
      }
      send(exchange, 200, headers, file.content());
    }
  }

  private void tree(HttpExchange exchange, String rest) throws IOException {
    int tree = rest.indexOf("/tree/");
    String repo = renamed.getOrDefault(rest.substring(0, tree), rest.substring(0, tree));
    if (refused(exchange, repo)) {
      return;
    }
    String query = exchange.getRequestURI().getQuery();
    int cursor = 0;
    if (query != null && query.contains("cursor=")) {
      cursor = Integer.parseInt(query.substring(query.indexOf("cursor=") + 7));
    }
    List<String> entries = new ArrayList<>();
    Set<String> dirs = new TreeSet<>();
    repos
        .get(repo)
        .keySet()
        .forEach(
            p -> {
              if (p.contains("/")) {
                dirs.add(p.substring(0, p.indexOf('/')));
              }
            });
    dirs.forEach(
        d ->
            entries.add(
                "{\"type\":\"directory\",\"oid\":\"x\",\"size\":0,\"path\":\"" + d + "\"}"));
    repos
        .get(repo)
        .forEach(
            (p, f) ->
                entries.add(
                    "{\"type\":\"file\",\"oid\":\""
                        + f.gitOid()
                        + "\",\"size\":"
                        + f.content().length
                        + ",\"path\":\""
                        + p
                        + "\""
                        + (f.lfs()
                            ? ",\"lfs\":{\"oid\":\""
                                + f.sha256()
                                + "\",\"size\":"
                                + f.content().length
                                + ",\"pointerSize\":134}"
                            : "")
                        + "}"));
    int end = Math.min(entries.size(), cursor + pageSize);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (end < entries.size()) {
      headers.put(
          "Link",
          "<"
              + endpoint()
              + "/api/models/"
              + rest
              + "?recursive=true&cursor="
              + end
              + ">; rel=\"next\"");
    }
    send(
        exchange,
        200,
        headers,
        ("[" + String.join(",", entries.subList(cursor, end)) + "]")
            .getBytes(StandardCharsets.UTF_8));
  }

  private boolean refused(HttpExchange exchange, String repo) throws IOException {
    if (!repos.containsKey(repo)) {
      send(exchange, 404, Map.of("X-Error-Code", "RepoNotFound"), new byte[0]);
      return true;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (gated.contains(repo) && !("Bearer " + TOKEN).equals(auth)) {
      send(exchange, 401, Map.of("X-Error-Code", "GatedRepo"), new byte[0]);
      return true;
    }
    return false;
  }

  private void handleCdn(HttpExchange exchange) throws IOException {
    try (exchange) {
      cdnRequests.add(record(exchange));
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      String file = query.substring(query.indexOf("file=") + 5);
      byte[] content = blobs.get(path.substring("/blobs/".length()));
      if (content == null) {
        send(exchange, 404, Map.of(), new byte[0]);
        return;
      }
      if (corrupt.contains(file)) {
        content = content.clone();
        content[content.length / 2] ^= 0x5a;
      }
      String range = exchange.getRequestHeaders().getFirst("Range");
      int from = 0;
      int status = 200;
      Map<String, String> headers = new LinkedHashMap<>();
      if (range != null && !ignoreRange) {
        from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        status = 206;
        headers.put(
            "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
      }
      byte[] body = Arrays.copyOfRange(content, from, content.length);
      if (exchange.getRequestMethod().equals("GET") && cutOnce.remove(file)) {
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // Closing short of Content-Length drops the connection mid-file.
        return;
      }
      send(exchange, status, headers, body);
    }
  }

  private static Request record(HttpExchange exchange) {
    return new Request(
        exchange.getRequestMethod(),
        exchange.getRequestURI().toString(),
        exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Range"));
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach(exchange.getResponseHeaders()::set);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (head && body.length > 0) {
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
    }
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files of {@code dir}, relative, sorted: what an installed copy must equal. */
  public static List<String> relativeFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<String> files =
          new ArrayList<>(
              walk.filter(Files::isRegularFile)
                  .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                  .toList());
      Collections.sort(files);
      return files;
    }
  }

  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
  }
}
