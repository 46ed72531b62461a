package io.goldpan.runner.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** Whether a TCP connection to an endpoint opens within a short timeout. */
final class Reachability {
  private Reachability() {}

  /** {@code host:port} of {@code endpoint}, without user info, path or query. */
  static String hostAndPort(URI endpoint) {
    return endpoint.getHost() + ":" + port(endpoint);
  }

  /** {@code reachable (N ms)} or {@code unreachable: why}. */
  static String check(URI endpoint, Duration timeout) {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(endpoint.getHost(), port(endpoint)), (int) timeout.toMillis());
      return "reachable (" + (System.nanoTime() - start) / 1_000_000 + " ms)";
    } catch (IOException | IllegalArgumentException e) {
      return "unreachable: " + e.getMessage();
    }
  }

  private static int port(URI endpoint) {
    if (endpoint.getPort() > 0) {
      return endpoint.getPort();
    }
    return "http".equals(endpoint.getScheme()) ? 80 : 443;
  }
}
