package io.goldpan.functions.outbound;

import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides where Goldpan's own outgoing requests may go (SSRF): https only, and only to hosts whose
 * every address is public, unless {@link WebhooksConfig} allows more. Checked when a URL is given
 * and again when it is used, on the addresses the connection then uses.
 */
@Singleton
public class Destinations {
  private final HostResolver resolver;
  private final WebhooksConfig config;

  public Destinations(HostResolver resolver, WebhooksConfig config) {
    this.resolver = resolver;
    this.config = config;
  }

  /**
   * Checks a URL's scheme and host and returns the addresses to connect to.
   *
   * @throws RefusedDestinationException saying why, in words fit for a 400
   */
  public InetAddress[] check(URI url) {
    if (!config.enabled()) {
      throw new RefusedDestinationException(
          "cannot be used on this deployment: its functions have no internet access"
              + " (goldpan.webhooks.enabled is false)");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(config.allowHttp() && scheme.equals("http"))) {
      throw new RefusedDestinationException(
          config.allowHttp() ? "must be an http or https URL" : "must be an https URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new RefusedDestinationException("must name a host");
    }
    return resolve(url.getHost());
  }

  /**
   * The host's addresses, if every one of them may be reached.
   *
   * @throws RefusedDestinationException when the host does not resolve or any address is refused
   */
  public InetAddress[] resolve(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      throw new RefusedDestinationException("host " + bare + " does not resolve");
    }
    if (addresses == null || addresses.length == 0) {
      throw new RefusedDestinationException("host " + bare + " does not resolve");
    }
    if (!config.allowPrivate()) {
      for (InetAddress address : addresses) {
        String problem = problem(address);
        if (problem != null) {
          throw new RefusedDestinationException(
              "host "
                  + bare
                  + " resolves to "
                  + address.getHostAddress()
                  + ", a "
                  + problem
                  + " address; only public addresses are allowed");
        }
      }
    }
    return addresses.clone();
  }

  /** What kind of non-public address this is, or {@code null} for a public one. */
  static String problem(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "unspecified";
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return "shared (CGNAT)";
      }
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
        return "reserved";
      }
      if (first >= 240) {
        return "reserved";
      }
      return null;
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "private (ULA)";
      }
      if (embedsIpv4(b)) {
        try {
          byte[] v4 = {b[12], b[13], b[14], b[15]};
          String inner = problem(InetAddress.getByAddress(v4));
          return inner == null ? null : inner + " (IPv4 in IPv6)";
        } catch (UnknownHostException e) {
          return "malformed";
        }
      }
    }
    return null;
  }

  /** ::a.b.c.d and ::ffff:a.b.c.d (the JDK turns the second into IPv4 itself when it can). */
  private static boolean embedsIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
  }
}
