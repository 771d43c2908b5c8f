package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's port, when none is set, is dockerd's: 2375 in plain HTTP, 2376 once TLS is on, the
 * port {@code DOCKER_TLS_VERIFY=1} clients expect ({@code tcp://host} without a port means 2376
 * to them).
 */
class DefaultPortTest {
  private static final Path CONF = Path.of("conf");

  @Test
  void without_tls_the_port_is_2375() {
    assertThat(Settings.of(AppConfig.load(CONF, Map.of())).httpPort()).isEqualTo(2375);
  }

  @Test
  void with_a_server_certificate_the_port_is_2376() {
    Settings settings = Settings.of(AppConfig.load(CONF, Map.of(
        "imagesaga.tls.cert", "certs/server-cert.pem",
        "imagesaga.tls.key", "certs/server-key.pem")));
    assertThat(settings.httpPort()).isEqualTo(2376);
  }

  @Test
  void a_port_that_is_set_wins_with_tls_too() {
    Settings settings = Settings.of(AppConfig.load(CONF, Map.of(
        "imagesaga.http.port", 2375, "imagesaga.tls.cert", "certs/server-cert.pem")));
    assertThat(settings.httpPort()).isEqualTo(2375);
  }
}
