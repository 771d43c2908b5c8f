package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * Plain HTTP goes only to a registry on this machine, decided on the addresses its name resolves
 * to, every one of them, never on how the name starts; how near this node a host is
 * ({@link Reach}) is decided on the same addresses.
 */
class LoopbackTest {
  /** A resolver that answers a public address for every name, as DNS may for a hostile one. */
  private static final Loopback PUBLIC_DNS = new Loopback(host ->
      new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, 16, 34})});

  @Test
  void a_name_that_merely_starts_like_a_loopback_one_is_not_loopback() {
    assertThat(PUBLIC_DNS.test("localhost.example.com")).isFalse();
    assertThat(PUBLIC_DNS.test("localhost.example.com:5000")).isFalse();
    assertThat(PUBLIC_DNS.test("127.0.0.1.example.com:5000")).isFalse();
    assertThat(PUBLIC_DNS.test("localhostile")).isFalse();
    // The system's resolver: nothing for this name, or a public address; never loopback by name.
    assertThat(Loopback.SYSTEM.test("localhost.example.com:5000")).isFalse();
  }

  @Test
  void loopback_addresses_and_names_that_resolve_only_to_them_are_loopback() {
    for (String authority : new String[] {"127.0.0.1", "127.0.0.1:5000", "127.1.2.3:80",
        "[::1]", "[::1]:5000", "localhost", "localhost:5000"}) {
      assertThat(Loopback.SYSTEM.test(authority)).as(authority).isTrue();
    }
  }

  @Test
  void a_name_with_any_address_off_loopback_or_none_is_not_loopback() throws Exception {
    InetAddress loopback = InetAddress.getByAddress("mixed", new byte[] {127, 0, 0, 1});
    InetAddress lan = InetAddress.getByAddress("mixed", new byte[] {10, 0, 0, 7});
    assertThat(new Loopback(host -> new InetAddress[] {loopback, lan}).test("mixed:5000"))
        .isFalse();
    assertThat(new Loopback(host -> {
      throw new UnknownHostException(host);
    }).test("nowhere:5000")).isFalse();
    assertThat(new Loopback(host -> new InetAddress[] {loopback}).test("registry.lan:5000"))
        .isTrue();
  }

  @Test
  void an_address_is_loopback_link_local_private_or_public() throws Exception {
    for (String address : new String[] {"127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::"}) {
      assertThat(Reach.of(InetAddress.getByName(address))).as(address).isEqualTo(Reach.LOOPBACK);
    }
    for (String address : new String[] {"169.254.169.254", "fe80::1"}) {
      assertThat(Reach.of(InetAddress.getByName(address))).as(address)
          .isEqualTo(Reach.LINK_LOCAL);
    }
    for (String address : new String[] {"10.0.0.7", "172.16.0.1", "172.31.255.1", "192.168.1.1",
        "fd00::1", "fc00::1"}) {
      assertThat(Reach.of(InetAddress.getByName(address))).as(address).isEqualTo(Reach.PRIVATE);
    }
    for (String address : new String[] {"93.184.216.34", "172.32.0.1", "2606:2800::1",
        "::ffff:8.8.8.8"}) {
      assertThat(Reach.of(InetAddress.getByName(address))).as(address).isEqualTo(Reach.PUBLIC);
    }
    // An IPv4-mapped IPv6 address is the IPv4 address it maps.
    assertThat(Reach.of(InetAddress.getByName("::ffff:127.0.0.1"))).isEqualTo(Reach.LOOPBACK);
  }

  @Test
  void a_name_is_as_near_as_its_nearest_address_and_as_far_as_its_farthest() throws Exception {
    InetAddress loopback = InetAddress.getByAddress("mixed", new byte[] {127, 0, 0, 1});
    InetAddress lan = InetAddress.getByAddress("mixed", new byte[] {10, 0, 0, 7});
    Loopback mixed = new Loopback(host -> new InetAddress[] {lan, loopback});
    assertThat(mixed.nearest("mixed")).isEqualTo(Reach.LOOPBACK);
    assertThat(mixed.farthest("mixed")).isEqualTo(Reach.PRIVATE);
    Loopback nowhere = new Loopback(host -> {
      throw new UnknownHostException(host);
    });
    assertThat(nowhere.nearest("nowhere")).isEqualTo(Reach.PUBLIC);
    assertThat(nowhere.farthest("nowhere")).isEqualTo(Reach.PUBLIC);
  }
}
