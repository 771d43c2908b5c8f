package io.imagesaga.testkit;

import io.imagesaga.security.CertificateAuthority;
import io.imagesaga.security.CertificateAuthority.Issued;
import io.imagesaga.security.KeyType;
import io.imagesaga.security.PemFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test fleet's CA and its agents' certificates, as PEM files in the layout {@code imagesaga
 * certs node} writes: {@code <dir>/<name>/ca.pem, cert.pem, key.pem} (docs/security.md,
 * "Cluster transport"). Make one per test class: RSA keys take a moment each.
 */
public final class FleetCertificates {
  /** The CN every node certificate of a fleet shares, as {@code imagesaga certs node} sets it. */
  public static final String FLEET = "imagesaga-fleet";
  private static final Duration VALIDITY = Duration.ofDays(2);

  /** One node's files, and the settings that point an agent at them. */
  public record Files(Path caCert, Path cert, Path key) {
    /** The fleet configuration's paths ({@code imagesaga.fleet.tls}). */
    public Map<String, Object> config() {
      return Map.of("imagesaga.fleet.tls.ca-cert", caCert.toString(),
          "imagesaga.fleet.tls.cert", cert.toString(),
          "imagesaga.fleet.tls.key", key.toString());
    }

    /** The environment of an agent's process. */
    public Map<String, String> environment() {
      return Map.of("IMAGESAGA_CLUSTER_TLS_CACERT", caCert.toString(),
          "IMAGESAGA_CLUSTER_TLS_CERT", cert.toString(),
          "IMAGESAGA_CLUSTER_TLS_KEY", key.toString());
    }
  }

  private final Path dir;
  private final CertificateAuthority ca;
  private final Map<String, Files> issued = new HashMap<>();

  private FleetCertificates(Path dir, CertificateAuthority ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new CA, its certificate in {@code <dir>/ca.pem}. */
  public static FleetCertificates create(Path dir) {
    CertificateAuthority ca = CertificateAuthority.create("imagesaga test fleet CA",
        KeyType.EC, VALIDITY);
    PemFiles.writeCertificates(dir.toAbsolutePath().resolve("ca.pem"),
        List.of(ca.certificate()), false);
    return new FleetCertificates(dir.toAbsolutePath(), ca);
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /** The node certificate of {@code name} in this fleet, issued on first ask. */
  public synchronized Files node(String name) {
    return issued.computeIfAbsent(name, n -> write(n, ca.node(FLEET, n, VALIDITY)));
  }

  /** Writes {@code certificate} as {@code name}'s files beside this CA's certificate. */
  public Files write(String name, Issued certificate) {
    Path home = dir.resolve(name);
    Files files = new Files(home.resolve("ca.pem"), home.resolve("cert.pem"),
        home.resolve("key.pem"));
    PemFiles.writeCertificates(files.caCert(), List.of(ca.certificate()), true);
    PemFiles.writeCertificates(files.cert(), List.of(certificate.certificate()), true);
    PemFiles.writeKey(files.key(), certificate.key(), true);
    return files;
  }

  /** {@code overrides} with the TLS settings of {@code node}'s certificate added. */
  public Map<String, Object> withNode(String node, Map<String, ?> overrides) {
    Map<String, Object> config = new HashMap<>(node(node).config());
    config.putAll(overrides);
    return config;
  }
}
