package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Host and Origin headers the API answers: the decisions, without a server. */
class BrowserGuardTest {
  private static final BrowserGuard LOOPBACK =
      new BrowserGuard("127.0.0.1", Set.of(), Set.of());

  @Test
  void the_hosts_the_docker_cli_and_sdks_send_pass() {
    // tcp://HOST:PORT sends HOST:PORT as given; unix sockets send api.moby.localhost (older
    // clients: the Python SDK's localhost).
    for (String host : new String[] {"127.0.0.1:2375", "127.0.0.1", "[::1]:2375", "[::1]",
        "localhost:2375", "LOCALHOST", "localhost.:2375", "api.moby.localhost",
        "10.1.2.3:2375", ""}) {
      assertThat(LOOPBACK.refusal("http", host, Optional.empty())).as(host).isEmpty();
    }
  }

  @Test
  void any_other_name_is_refused_as_dns_rebinding() {
    for (String host : new String[] {"evil.example:2375", "evil.example", "imagesaga",
        "localhost.evil.example", "127.0.0.1.evil.example", "2130706433", "[::1"}) {
      assertThat(LOOPBACK.refusal("http", host, Optional.empty())).as(host)
          .contains("host \"" + name(host) + "\" is not allowed: the API answers to its bind"
              + " address, IP addresses, localhost and the names in imagesaga.http.allowed-hosts"
              + " (IMAGESAGA_HTTP_ALLOWED_HOSTS)");
    }
  }

  private static String name(String host) {
    return host.startsWith("[") || host.indexOf(':') < 0 ? host
        : host.substring(0, host.indexOf(':'));
  }

  @Test
  void the_bind_address_and_configured_names_pass() {
    BrowserGuard named = new BrowserGuard("node1.example", Set.of("Imagesaga", "api.example."),
        Set.of());
    for (String host : new String[] {"node1.example:2375", "imagesaga:2375", "api.example",
        "API.EXAMPLE:80"}) {
      assertThat(named.refusal("http", host, Optional.empty())).as(host).isEmpty();
    }
    assertThat(named.refusal("http", "node2.example:2375", Optional.empty())).isPresent();
  }

  @Test
  void a_cross_origin_request_is_refused() {
    for (String origin : new String[] {"http://evil.example", "https://127.0.0.1:2375",
        "http://127.0.0.1:2376", "null", "http://localhost:2375"}) {
      assertThat(LOOPBACK.refusal("http", "127.0.0.1:2375", Optional.of(origin))).as(origin)
          .contains("origin \"" + origin + "\" is not allowed: browsers may call the API only"
              + " from its own origin and those in imagesaga.http.allowed-origins"
              + " (IMAGESAGA_HTTP_ALLOWED_ORIGINS)");
    }
  }

  @Test
  void the_request_s_own_origin_passes_with_default_ports_alike() {
    assertThat(LOOPBACK.refusal("http", "127.0.0.1:2375", Optional.of("http://127.0.0.1:2375")))
        .isEmpty();
    assertThat(LOOPBACK.refusal("http", "localhost", Optional.of("http://localhost:80")))
        .isEmpty();
    assertThat(LOOPBACK.refusal("https", "localhost:443", Optional.of("https://LOCALHOST")))
        .isEmpty();
  }

  @Test
  void configured_origins_pass_and_the_host_is_checked_first() {
    BrowserGuard ui = new BrowserGuard("127.0.0.1", Set.of(),
        Set.of("https://ui.example/", "http://127.0.0.1:8080"));
    assertThat(ui.refusal("http", "127.0.0.1:2375", Optional.of("https://ui.example")))
        .isEmpty();
    assertThat(ui.refusal("http", "127.0.0.1:2375", Optional.of("http://127.0.0.1:8080")))
        .isEmpty();
    assertThat(ui.refusal("http", "evil.example:2375", Optional.of("https://ui.example")))
        .hasValueSatisfying(m -> assertThat(m).startsWith("host \"evil.example\""));
  }
}
