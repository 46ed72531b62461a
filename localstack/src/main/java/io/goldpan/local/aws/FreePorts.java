package io.goldpan.local.aws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a free TCP port, for tests and for servers that cannot bind port 0 themselves. */
public final class FreePorts {
  private FreePorts() {}

  public static int pick(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalStackException("no free port on " + host, e);
    }
  }
}
