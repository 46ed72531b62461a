package io.goldpan.functions.outbound;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The JDK's resolver (the system's DNS). */
@Singleton
public class SystemHostResolver implements HostResolver {
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return InetAddress.getAllByName(host);
  }
}
