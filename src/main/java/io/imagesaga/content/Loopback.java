package io.imagesaga.content;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Whether a registry host is this machine's own, where plain HTTP is allowed: decided on the
 * addresses its name resolves to, every one of them loopback, never on how the name is spelled
 * ({@code localhost.example.com} is anybody's). A name that does not resolve is not loopback.
 * Also how near this node a host is ({@link Reach}), on the same addresses.
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
    InetAddress[] addresses = addresses(host);
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        return false;
      }
    }
    return addresses.length > 0;
  }

  /**
   * The nearest {@link Reach} of any address {@code host} resolves to: where a request to it
   * may land. A name that does not resolve is public (no request to it gets anywhere).
   */
  public Reach nearest(String host) {
    Reach nearest = Reach.PUBLIC;
    for (InetAddress address : addresses(host)) {
      Reach reach = Reach.of(address);
      nearest = reach.compareTo(nearest) < 0 ? reach : nearest;
    }
    return nearest;
  }

  /**
   * The farthest {@link Reach} of any address {@code host} resolves to: how far it must be
   * taken to be. A name that does not resolve is public.
   */
  public Reach farthest(String host) {
    Reach farthest = Reach.LOOPBACK;
    InetAddress[] addresses = addresses(host);
    for (InetAddress address : addresses) {
      Reach reach = Reach.of(address);
      farthest = reach.compareTo(farthest) > 0 ? reach : farthest;
    }
    return addresses.length == 0 ? Reach.PUBLIC : farthest;
  }

  private InetAddress[] addresses(String host) {
    try {
      return resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      return new InetAddress[0];
    }
  }
}
