package io.imagesaga.content;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Whether a registry host is this machine's own, where plain HTTP is allowed: decided on the
 * addresses its name resolves to, every one of them loopback, never on how the name is spelled
 * ({@code localhost.example.com} is anybody's). A name that does not resolve is not loopback.
 */
public final class Loopback {
  /** How a host name becomes addresses: the system's resolver, or a test's. */
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
    String host;
    try {
      host = new URI("http", authority, null, null, null).getHost();
    } catch (URISyntaxException e) {
      return false;
    }
    return host != null && host(host);
  }

  /** {@code host}: a name or an address (an IPv6 one with or without brackets), no port. */
  public boolean host(String host) {
    try {
      InetAddress[] addresses = resolver.resolve(host);
      if (addresses.length == 0) {
        return false;
      }
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
