package io.goldpan.runner.cuda;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A PyPI-style index on 127.0.0.1: {@code /pypi/{name}/json} lists each wheel with a relative
 * {@code url} (as mirrors do) and its digest; {@code /files/{file}} serves small zips laid out like
 * NVIDIA's wheels.
 */
final class FakeIndex implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> listedDigests = new ConcurrentHashMap<>();
  private final Map<String, CudaWheel> byName = new LinkedHashMap<>();
  final AtomicInteger downloads = new AtomicInteger();

  FakeIndex() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/pypi/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().split("/")[2];
          CudaWheel wheel = byName.get(name);
          if (wheel == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          String json =
              "{\"info\":{\"name\":\"%s\"},\"releases\":{\"%s\":[{\"filename\":\"%s\",\"url\":\"../../files/%s\",\"digests\":{\"sha256\":\"%s\"}}]}}"
                  .formatted(
                      name,
                      wheel.version(),
                      wheel.fileName(),
                      wheel.fileName(),
                      listedDigests.get(wheel.fileName()));
          send(exchange, json.getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/files/",
        exchange -> {
          String file = exchange.getRequestURI().getPath().substring("/files/".length());
          byte[] body = files.get(file);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          downloads.incrementAndGet();
          send(exchange, body);
        });
    server.start();
  }

  private static void send(com.sun.net.httpserver.HttpExchange exchange, byte[] body)
      throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Serves a wheel holding {@code libraries} (plus a file that must not be unpacked) and returns it
   * pinned to the digest of what is served.
   */
  CudaWheel serve(String name, String version, List<String> libraries) {
    String file = name.replace('-', '_') + "-" + version + "-py3-none-manylinux_2_27_x86_64.whl";
    byte[] zip = zip(libraries, name);
    files.put(file, zip);
    String digest = sha256(zip);
    listedDigests.put(file, digest);
    CudaWheel wheel =
        new CudaWheel(
            name, version, file, URI.create("http://unused.invalid/" + file), digest, libraries);
    byName.put(name, wheel);
    return wheel;
  }

  /** From now on serves other bytes for {@code wheel} than its digest says. */
  void tamper(CudaWheel wheel) {
    byte[] bytes = files.get(wheel.fileName()).clone();
    bytes[bytes.length / 2] ^= 0x5a;
    files.put(wheel.fileName(), bytes);
  }

  /** Lists {@code wheel} with another digest than the one pinned. */
  void listDigest(CudaWheel wheel, String digest) {
    listedDigests.put(wheel.fileName(), digest);
  }

  static byte[] zip(List<String> libraries, String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String library : libraries) {
        zip.putNextEntry(new ZipEntry(library));
        zip.write(("ELF stand-in for " + library).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(name.replace('-', '_') + "-dist-info/RECORD"));
      zip.write("not a library".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
