package io.imagesaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.security.CertificateAuthority.Issued;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issued certificates verify against their CA with the JDK's own PKIX and carry their names. */
class CertificateAuthorityTest {
  private static final Duration YEAR = Duration.ofDays(365);
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_server_certificate_chains_to_its_ca_and_names_its_dns_names_and_ips(KeyType type)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", type, YEAR);
    Issued server = ca.server(List.of("localhost", "node.example"),
        List.of(InetAddress.getByName("127.0.0.1")), type, YEAR);

    validate(server.certificate(), ca.certificate());
    assertThat(server.certificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
        List.of(2, "localhost"), List.of(2, "node.example"), List.of(7, "127.0.0.1"));
    assertThat(server.certificate().getExtendedKeyUsage())
        .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.certificate().getBasicConstraints()).isZero();
    assertThat(server.key().getAlgorithm()).isEqualTo(type.name());
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_client_certificate_is_named_by_its_cn_and_survives_the_pem_files(KeyType type)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", type, YEAR);
    Issued client = ca.client("alice", List.of("alice.example"), List.of("alice@example.org"),
        type, Duration.ofDays(2));
    PemFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()), false);
    PemFiles.writeCertificates(dir.resolve("cert.pem"), List.of(client.certificate()), false);
    PemFiles.writeKey(dir.resolve("key.pem"), client.key(), false);

    X509Certificate read = PemFiles.certificate(dir.resolve("cert.pem"));
    assertThat(read).isEqualTo(client.certificate());
    assertThat(PemFiles.privateKey(dir.resolve("key.pem"))).isEqualTo(client.key());
    validate(read, PemFiles.certificate(dir.resolve("ca.pem")));
    assertThat(read.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    assertThat(read.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(read.getNotAfter().getTime() - read.getNotBefore().getTime())
        .isBetween(Duration.ofDays(2).toMillis(), Duration.ofDays(2).plusMinutes(6).toMillis());
    // A set: its order is the hash order of the enum's constants, which varies by run.
    assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem"))).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_certificate_of_another_ca_does_not_validate(KeyType type) {
    CertificateAuthority ca = CertificateAuthority.create("test CA", type, YEAR);
    CertificateAuthority other = CertificateAuthority.create("test CA", type, YEAR);
    Issued client = other.client("mallory", List.of(), List.of(), type, YEAR);
    assertThatThrownBy(() -> validate(client.certificate(), ca.certificate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_node_certificate_is_rsa_named_by_its_fleet_and_serves_both_ends(KeyType caType)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", caType, YEAR);
    Issued node = ca.node("imagesaga-fleet", "host1", YEAR);

    validate(node.certificate(), ca.certificate());
    assertThat(node.key().getAlgorithm()).isEqualTo("RSA");
    assertThat(node.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=imagesaga-fleet,OU=host1");
    assertThat(node.certificate().getSubjectAlternativeNames()).isNull();
    assertThat(node.certificate().getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThatThrownBy(() -> ca.node(" ", "host1", YEAR))
        .hasMessage("a node certificate needs the fleet's name");
  }

  @org.junit.jupiter.api.Test
  void a_server_certificate_needs_a_name_and_a_client_a_cn() {
    CertificateAuthority ca = CertificateAuthority.create("test CA", KeyType.EC, YEAR);
    assertThatThrownBy(() -> ca.server(List.of(), List.of(), KeyType.EC, YEAR))
        .hasMessage("a server certificate needs a DNS name or an IP");
    assertThatThrownBy(() -> ca.client(" ", List.of(), List.of(), KeyType.EC, YEAR))
        .hasMessage("a client certificate needs a common name");
    assertThatThrownBy(() -> ca.client("a", List.of(), List.of(), KeyType.EC, Duration.ZERO))
        .hasMessageContaining("validity must be positive");
  }

  static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }
}
