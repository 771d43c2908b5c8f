package io.imagesaga.content;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How near this node an address is, nearest first: its own ({@code 127.0.0.0/8}, {@code ::1},
 * the unspecified address, which reaches it too), its link ({@code 169.254.0.0/16},
 * {@code fe80::/10}: where clouds put their metadata services), a private network
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), or the internet. A
 * pull never goes nearer this node than where it was sent from (see
 * {@link RegistryTransport#hopRefusal}).
 */
public enum Reach {
  LOOPBACK("loopback"),
  LINK_LOCAL("link-local"),
  PRIVATE("private"),
  PUBLIC("public");

  private final String text;

  Reach(String text) {
    this.text = text;
  }

  public static Reach of(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return LOOPBACK;
    } else if (address.isLinkLocalAddress()) {
      return LINK_LOCAL;
    } else if (address.isSiteLocalAddress() || address instanceof Inet6Address
        && (address.getAddress()[0] & 0xfe) == 0xfc) {
      return PRIVATE;
    }
    return PUBLIC;
  }

  /** As a message names it: loopback, link-local, private, public. */
  @Override
  public String toString() {
    return text;
  }
}
