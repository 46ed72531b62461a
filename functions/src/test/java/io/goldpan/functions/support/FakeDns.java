package io.goldpan.functions.support;

import io.goldpan.functions.outbound.HostResolver;
import io.goldpan.functions.outbound.SystemHostResolver;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In tests, host names resolve only to what a test says (this machine has no DNS); address literals
 * resolve as themselves.
 */
@Singleton
@Replaces(SystemHostResolver.class)
@Requires(env = "test")
public class FakeDns implements HostResolver {
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public FakeDns() {
    names.put("example.com", "93.184.215.14");
  }

  /** From now on {@code host} resolves to {@code address}. */
  public void put(String host, String address) {
    names.put(host, address);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String address = names.get(host);
    if (address != null) {
      return new InetAddress[] {InetAddress.getByName(address)};
    }
    if (host.contains(":") || host.matches("[0-9.]+")) {
      return InetAddress.getAllByName(host);
    }
    throw new UnknownHostException(host);
  }
}
