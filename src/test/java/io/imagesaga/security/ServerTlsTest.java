package io.imagesaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.imagesaga.security.CertificateAuthority.Issued;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS from its PEM files: checked at start, TLS 1.2+, client auth wanted. */
class ServerTlsTest {
  @TempDir Path dir;
  private Path ca;
  private Path cert;
  private Path key;

  @BeforeEach
  void files() throws Exception {
    CertificateAuthority authority = CertificateAuthority.create("CA", KeyType.EC,
        Duration.ofDays(1));
    Issued server = authority.server(List.of("localhost"),
        List.of(InetAddress.getByName("127.0.0.1")), KeyType.RSA, Duration.ofDays(1));
    ca = dir.resolve("ca.pem");
    cert = dir.resolve("server-cert.pem");
    key = dir.resolve("server-key.pem");
    PemFiles.writeCertificates(ca, List.of(authority.certificate()), false);
    PemFiles.writeCertificates(cert, List.of(server.certificate()), false);
    PemFiles.writeKey(key, server.key(), false);
  }

  private TlsSettings settings(boolean verify) {
    return new TlsSettings(verify, Optional.of(ca), Optional.of(cert), Optional.of(key));
  }

  @Test
  void engines_speak_tls_12_and_13_only_and_want_a_client_certificate_when_verifying() {
    SSLEngine engine = ServerTls.load(settings(true), Instant.now()).engine();
    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(engine.getWantClientAuth()).isTrue();
    assertThat(engine.getNeedClientAuth()).isFalse();
    assertThat(engine.getUseClientMode()).isFalse();
    assertThat(ServerTls.load(settings(false), Instant.now()).engine().getWantClientAuth())
        .isFalse();
  }

  @Test
  void a_key_of_another_certificate_or_an_expired_certificate_fails_the_start() {
    PemFiles.writeKey(key, KeyType.RSA.generate().getPrivate(), true);
    assertThatThrownBy(() -> ServerTls.load(settings(true), Instant.now()))
        .hasMessage("the key " + key + " does not belong to the certificate " + cert);
    PemFiles.writeKey(key, KeyType.EC.generate().getPrivate(), true);
    assertThatThrownBy(() -> ServerTls.load(settings(true), Instant.now()))
        .hasMessage("the key " + key + " does not belong to the certificate " + cert);
    assertThatThrownBy(() -> ServerTls.load(settings(true),
        Instant.now().plus(Duration.ofDays(2))))
        .hasMessageStartingWith("the server certificate " + cert + " expired on ");
  }

  @Test
  void settings_that_cannot_be_served_are_refused_with_the_variables_to_set() {
    assertThatThrownBy(() -> new TlsSettings(false, Optional.empty(), Optional.of(cert),
        Optional.empty())).hasMessageStartingWith("TLS needs both a certificate and its key");
    assertThatThrownBy(() -> new TlsSettings(true, Optional.empty(), Optional.of(cert),
        Optional.of(key))).hasMessageStartingWith("IMAGESAGA_TLS_VERIFY needs"
            + " IMAGESAGA_TLS_CACERT, IMAGESAGA_TLS_CERT and IMAGESAGA_TLS_KEY");
    assertThat(TlsSettings.of(ConfigFactory.parseMap(Map.of("imagesaga.tls.verify", false,
        "imagesaga.tls.ca-cert", "", "imagesaga.tls.cert", " ", "imagesaga.tls.key", ""))))
        .isEqualTo(TlsSettings.OFF);
  }

  @Test
  void a_policy_without_verified_clients_is_refused() {
    assertThatThrownBy(() -> ApiSecurity.load(ConfigFactory.parseMap(Map.of(
        "imagesaga.tls.verify", false, "imagesaga.tls.ca-cert", "",
        "imagesaga.tls.cert", cert.toString(), "imagesaga.tls.key", key.toString(),
        "imagesaga.http.policy-file", "policy.conf", "imagesaga.http.insecure", false)),
        Instant.now())).hasMessageStartingWith("IMAGESAGA_POLICY (imagesaga.http.policy-file)"
            + " policy.conf needs verified clients");
  }
}
