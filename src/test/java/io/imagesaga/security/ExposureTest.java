package io.imagesaga.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the API may listen without verified clients: decided on the resolved address. */
class ExposureTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
  void loopback_is_served_without_tls(String host) {
    assertThat(Exposure.of(host, false, false)).isInstanceOf(Exposure.Verdict.Serve.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "192.168.0.7"})
  void anything_else_is_refused_without_verified_clients(String host) throws Exception {
    Exposure.Verdict verdict = Exposure.of(host, InetAddress.getByName(host), false, false);
    assertThat(verdict).isInstanceOfSatisfying(Exposure.Verdict.Refuse.class, refuse ->
        assertThat(refuse.reason()).startsWith("refusing to serve the Docker Engine API on "
            + host).contains("IMAGESAGA_TLS_VERIFY=true", "IMAGESAGA_HTTP_INSECURE=true"));
    assertThat(Exposure.of(host, InetAddress.getByName(host), true, false))
        .isInstanceOf(Exposure.Verdict.Serve.class);
  }

  @Test
  void insecure_serves_anything_with_a_warning() throws Exception {
    assertThat(Exposure.of("0.0.0.0", InetAddress.getByName("0.0.0.0"), false, true))
        .isInstanceOfSatisfying(Exposure.Verdict.Warn.class, warn -> assertThat(warn.warning())
            .startsWith("INSECURE: the Docker Engine API listens on 0.0.0.0, beyond this host"));
  }

  @Test
  void a_name_is_decided_on_its_address() throws Exception {
    assertThat(Exposure.of("node.example", InetAddress.getByAddress("node.example",
        new byte[] {10, 0, 0, 5}), false, false))
        .isInstanceOfSatisfying(Exposure.Verdict.Refuse.class, refuse ->
            assertThat(refuse.reason()).contains("on node.example (10.0.0.5), which is not"));
  }
}
