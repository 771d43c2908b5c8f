package io.imagesaga.testkit;

import io.imagesaga.security.CertificateAuthority;
import io.imagesaga.security.CertificateAuthority.Issued;
import io.imagesaga.security.KeyType;
import io.imagesaga.security.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A CA, a server certificate for localhost and 127.0.0.1, and client directories (ca.pem,
 * cert.pem, key.pem: a {@code DOCKER_CERT_PATH}), in a temp dir, as {@code imagesaga certs}
 * writes them.
 */
public final class TestCertificates {
  private static final Duration VALIDITY = Duration.ofDays(1);

  private final Path dir;
  private final CertificateAuthority ca;

  private TestCertificates(Path dir, CertificateAuthority ca) {
    this.dir = dir;
    this.ca = ca;
  }

  public static TestCertificates create() {
    try {
      Path dir = Files.createTempDirectory("imagesaga-certs");
      CertificateAuthority ca = CertificateAuthority.create("imagesaga test CA", KeyType.EC,
          VALIDITY);
      PemFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()), false);
      Issued server = ca.server(List.of("localhost"),
          List.of(InetAddress.getByName("127.0.0.1")), KeyType.EC, VALIDITY);
      PemFiles.writeCertificates(dir.resolve("server-cert.pem"),
          List.of(server.certificate()), false);
      PemFiles.writeKey(dir.resolve("server-key.pem"), server.key(), false);
      return new TestCertificates(dir, ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code text} as {@code name} beside the certificates. */
  public Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's settings for mutual TLS with these files, and {@code policy} if not null. */
  public Map<String, Object> serverSettings(Path policy) {
    Map<String, Object> settings = new java.util.HashMap<>(Map.of(
        "imagesaga.tls.verify", true,
        "imagesaga.tls.ca-cert", dir.resolve("ca.pem").toString(),
        "imagesaga.tls.cert", dir.resolve("server-cert.pem").toString(),
        "imagesaga.tls.key", dir.resolve("server-key.pem").toString()));
    if (policy != null) {
      settings.put("imagesaga.http.policy-file", policy.toString());
    }
    return settings;
  }

  /** A client directory for {@code commonName}, made by this CA. */
  public Path client(String commonName) {
    return client(commonName, ca);
  }

  /** A client directory whose certificate another CA issued: it trusts this node's CA. */
  public Path foreignClient(String commonName) {
    return client(commonName, CertificateAuthority.create("another CA", KeyType.EC, VALIDITY));
  }

  /** A directory holding only the CA: a client that verifies the node but presents nothing. */
  public Path anonymousClient() {
    Path client = dir.resolve("anonymous");
    PemFiles.writeCertificates(client.resolve("ca.pem"), List.of(ca.certificate()), true);
    return client;
  }

  private Path client(String commonName, CertificateAuthority issuer) {
    Path client = dir.resolve((issuer == ca ? "" : "foreign-") + commonName);
    Issued issued = issuer.client(commonName, List.of(), List.of(), KeyType.EC, VALIDITY);
    PemFiles.writeCertificates(client.resolve("ca.pem"), List.of(ca.certificate()), true);
    PemFiles.writeCertificates(client.resolve("cert.pem"), List.of(issued.certificate()), true);
    PemFiles.writeKey(client.resolve("key.pem"), issued.key(), true);
    return client;
  }

  public void delete() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
