package io.imagesaga.content;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a registry host is this machine's own (loopback), where plain HTTP is allowed. */
public final class Loopback {
  /** How a host name becomes addresses; the system's resolver but in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public static final Loopback SYSTEM = new Loopback(InetAddress::getAllByName);

  private final Resolver resolver;

  public Loopback(Resolver resolver) {
    this.resolver = resolver;
  }

  /** {@code authority}: a host with an optional port, an IPv6 literal in brackets. */
  public boolean test(String authority) {
    return authority.startsWith("localhost") || authority.startsWith("127.")
        || authority.startsWith("[::1]");
  }
}
