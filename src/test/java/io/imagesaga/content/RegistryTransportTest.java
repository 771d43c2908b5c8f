package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where a pull sends requests and its credentials: only https, or plain HTTP to a loopback
 * address; the credentials only to the origin (scheme, host, port) they were meant for.
 */
class RegistryTransportTest {
  private static final RegistrySettings SETTINGS = new RegistrySettings(4 << 20, 4 << 20,
      1 << 20, 1L << 36, 1L << 36, 128, 10, Duration.ofHours(1), Duration.ofSeconds(10),
      Duration.ofMinutes(1));
  /** "lo.test" resolves to loopback, every other name to a public address. */
  private static final RegistryTransport TRANSPORT = new RegistryTransport(SETTINGS,
      new Loopback(host -> new InetAddress[] {InetAddress.getByAddress(host,
          host.equals("lo.test") ? new byte[] {127, 0, 0, 1} : new byte[] {93, 1, 2, 3})}));

  @Test
  void an_origin_is_scheme_host_and_port_with_default_ports_filled_in() {
    URI registry = URI.create("https://registry.test/v2/team/app/blobs/x");
    assertThat(RegistryTransport.sameOrigin(registry, URI.create("https://REGISTRY.test:443/y")))
        .isTrue();
    assertThat(RegistryTransport.sameOrigin(registry, URI.create("https://registry.test:5000/y")))
        .isFalse();
    assertThat(RegistryTransport.sameOrigin(registry, URI.create("http://registry.test/y")))
        .isFalse();
    assertThat(RegistryTransport.sameOrigin(registry, URI.create("https://cdn.test/y")))
        .isFalse();
    assertThat(RegistryTransport.sameOrigin(registry,
        URI.create("https://registry.test.cdn.test/y"))).isFalse();
  }

  @Test
  void only_https_or_plain_http_to_loopback_is_permitted() {
    assertThat(TRANSPORT.permitted(URI.create("https://auth.test/token"))).isTrue();
    assertThat(TRANSPORT.permitted(URI.create("http://lo.test:5000/token"))).isTrue();
    assertThat(TRANSPORT.permitted(URI.create("http://auth.test/token"))).isFalse();
    assertThat(TRANSPORT.permitted(URI.create("http://localhost.auth.test/token"))).isFalse();
    assertThat(TRANSPORT.permitted(URI.create("ftp://lo.test/token"))).isFalse();
    assertThat(TRANSPORT.permitted(URI.create("file:///etc/passwd"))).isFalse();
  }

  @Test
  void a_registry_is_spoken_to_in_plain_http_only_on_loopback() {
    assertThat(TRANSPORT.base("lo.test:5000")).isEqualTo(URI.create("http://lo.test:5000"));
    assertThat(TRANSPORT.base("localhost.example.com:5000"))
        .isEqualTo(URI.create("https://localhost.example.com:5000"));
    assertThat(TRANSPORT.base("registry-1.docker.io"))
        .isEqualTo(URI.create("https://registry-1.docker.io"));
  }

  @Test
  void a_deadline_that_passes_as_a_request_is_made_fails_as_the_deadline() throws Exception {
    // The clock reads 1 ns short of the deadline once, then past it, as it may between two
    // looks at it: a request must not see time left at one and none at the next (the JDK
    // refuses a timeout that is not positive).
    long limit = Duration.ofSeconds(1).toNanos();
    Iterator<Long> readings = List.of(0L, limit - 1).iterator();
    PullDeadline deadline = PullDeadline.after(Duration.ofSeconds(1),
        () -> readings.hasNext() ? readings.next() : limit + 1);
    // Connections are taken (the backlog) and never answered: only the timeout ends a request.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v2/");
      assertThatThrownBy(() -> TRANSPORT.get(uri, "*/*", Optional.empty(), "manifest 1",
          new PullBounds(deadline, Long.MAX_VALUE)))
          .isInstanceOf(RegistryException.class)
          .hasMessage("pull did not finish within 1s (imagesaga.registry.pull-deadline)");
    }
  }
}
