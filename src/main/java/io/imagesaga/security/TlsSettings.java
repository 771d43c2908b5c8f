package io.imagesaga.security;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code imagesaga.tls} block (conf/tls.conf), dockerd's {@code --tlsverify},
 * {@code --tlscacert}, {@code --tlscert} and {@code --tlskey}: TLS is on when a certificate and
 * key are given; {@code verify} adds client authentication against the CA certificate(s).
 *
 * @param verify whether clients are verified against {@code caCert} (mutual TLS)
 * @param caCert the CA certificate(s) client certificates must chain to
 * @param cert the server's certificate (chain), PEM
 * @param key the server's private key, PEM (PKCS#8, PKCS#1 RSA or SEC1 EC)
 */
public record TlsSettings(boolean verify, Optional<Path> caCert, Optional<Path> cert,
    Optional<Path> key) {

  public static final TlsSettings OFF = new TlsSettings(false, Optional.empty(),
      Optional.empty(), Optional.empty());

  /**
   * @throws IllegalArgumentException for a combination that cannot be served: a certificate
   *     without its key or the other way round, or verification without a CA or without TLS
   */
  public TlsSettings {
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("TLS needs both a certificate and its key:"
          + " set IMAGESAGA_TLS_CERT and IMAGESAGA_TLS_KEY (imagesaga.tls.cert and .key)");
    }
    if (verify && (caCert.isEmpty() || cert.isEmpty())) {
      throw new IllegalArgumentException("IMAGESAGA_TLS_VERIFY needs IMAGESAGA_TLS_CACERT,"
          + " IMAGESAGA_TLS_CERT and IMAGESAGA_TLS_KEY (imagesaga.tls.ca-cert, .cert, .key)");
    }
  }

  public static TlsSettings of(Config config) {
    Config c = config.getConfig("imagesaga.tls");
    return new TlsSettings(c.getBoolean("verify"), path(c, "ca-cert"), path(c, "cert"),
        path(c, "key"));
  }

  private static Optional<Path> path(Config c, String name) {
    String value = c.getString(name).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** Whether the API is served over TLS at all. */
  public boolean enabled() {
    return cert.isPresent();
  }
}
