package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where a pull sends requests and its credentials: only https, or plain HTTP to a loopback
 * address; the credentials only to the origin (scheme, host, port) they were meant for.
 */
class RegistryTransportTest {
  private static final RegistrySettings SETTINGS = new RegistrySettings(4 << 20, 4 << 20,
      1 << 20, 1L << 36, 1L << 36, 128, 10, Duration.ofHours(1), Duration.ofSeconds(10),
      Duration.ofMinutes(1));
  /**
   * "lo.test" and "localhost" resolve to loopback, "meta.test" to a link-local address (a cloud's
   * metadata service), "lan.test" to a private one, every other name to a public address:
   * 127.0.0.1 too, so that a server there stands for a registry on the internet.
   */
  private static final RegistryTransport TRANSPORT = new RegistryTransport(SETTINGS,
      new Loopback(host -> new InetAddress[] {InetAddress.getByAddress(host, switch (host) {
        case "lo.test", "localhost" -> new byte[] {127, 0, 0, 1};
        case "meta.test" -> new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254};
        case "lan.test" -> new byte[] {10, 0, 0, 7};
        default -> new byte[] {93, 1, 2, 3};
      })}));

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

  @Test
  void a_registry_off_loopback_cannot_redirect_a_pull_to_a_loopback_service() throws Exception {
    try (Hops hops = new Hops()) {
      for (String scheme : new String[] {"http", "https"}) {
        String service = scheme + "://localhost:" + hops.port() + "/service";
        assertThatThrownBy(() -> TRANSPORT.get(hops.redirect(service), "*/*", Optional.empty(),
            "blob x", bounds()))
            .isInstanceOf(RegistryException.class)
            .hasMessage("redirect of blob x to " + service + " refused: a pull is never sent"
                + " from a public address to a loopback one");
      }
      assertThat(hops.served()).as("requests the loopback service got").isZero();
    }
  }

  @Test
  void a_registry_off_loopback_cannot_name_a_loopback_token_realm() throws Exception {
    try (Hops hops = new Hops()) {
      String realm = "http://localhost:" + hops.port() + "/service";
      HttpHeaders challenge = HttpHeaders.of(Map.of("WWW-Authenticate",
          List.of("Bearer realm=\"" + realm + "\",service=\"registry\"")),
          (name, value) -> true);
      assertThatThrownBy(() -> BearerToken.fetch(TRANSPORT,
          URI.create("http://127.0.0.1:" + hops.port() + "/v2/team/app/manifests/1"),
          challenge, "repository:team/app:pull", bounds()))
          .isInstanceOf(RegistryException.class)
          .hasMessage("token realm " + realm + " refused: a pull is never sent from a public"
              + " address to a loopback one");
      assertThat(hops.served()).as("requests the loopback service got").isZero();
    }
  }

  @Test
  void no_hop_leads_nearer_this_node_than_where_it_came_from() {
    String refusal = "a pull is never sent from a %s address to a %s one";
    assertThat(TRANSPORT.hopRefusal(URI.create("https://registry.test/v2/"),
        URI.create("https://meta.test/latest")))
        .hasValue(refusal.formatted("public", "link-local"));
    assertThat(TRANSPORT.hopRefusal(URI.create("https://registry.test/v2/"),
        URI.create("https://lan.test/blob"))).hasValue(refusal.formatted("public", "private"));
    assertThat(TRANSPORT.hopRefusal(URI.create("https://lan.test/v2/"),
        URI.create("https://lo.test/blob"))).hasValue(refusal.formatted("private", "loopback"));
    assertThat(TRANSPORT.hopRefusal(URI.create("https://registry.test/v2/"),
        URI.create("https://cdn.test/blob"))).isEmpty();
    assertThat(TRANSPORT.hopRefusal(URI.create("https://lan.test/v2/"),
        URI.create("https://lan.test/blob"))).isEmpty();
    assertThat(TRANSPORT.hopRefusal(URI.create("https://lan.test/v2/"),
        URI.create("https://cdn.test/blob"))).isEmpty();
    assertThat(TRANSPORT.hopRefusal(URI.create("http://lo.test:5000/v2/"),
        URI.create("https://meta.test/blob"))).isEmpty();
  }

  private static PullBounds bounds() {
    return new PullBounds(PullDeadline.after(Duration.ofMinutes(1)), Long.MAX_VALUE);
  }

  /**
   * One server on 127.0.0.1 (public, to {@link #TRANSPORT}): {@code /hop?to=<url>} redirects
   * there; {@code /service}, reached as {@code localhost} (loopback), stands for a service of
   * this machine and counts its requests.
   */
  private static final class Hops implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    Hops() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/hop", exchange -> {
        exchange.getResponseHeaders().add("Location",
            exchange.getRequestURI().getQuery().substring("to=".length()));
        exchange.sendResponseHeaders(307, -1);
        exchange.close();
      });
      server.createContext("/service", exchange -> {
        served.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    URI redirect(String to) {
      return URI.create("http://127.0.0.1:" + port() + "/hop?to=" + to);
    }

    int served() {
      return served.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
