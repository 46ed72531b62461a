package io.goldpan.functions.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks a host name up; a bean, so tests can answer for names this machine cannot resolve. */
@FunctionalInterface
public interface HostResolver {
  InetAddress[] resolve(String host) throws UnknownHostException;
}
