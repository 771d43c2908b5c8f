package io.imagesaga.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The client side of mutual TLS from a directory laid out as docker's {@code DOCKER_CERT_PATH}:
 * {@code ca.pem} (whom to trust), {@code cert.pem} and {@code key.pem} (who we are), for the
 * commands that read a running node ({@code audit -H}). Every failure names the directory.
 */
public final class ClientTls {
  private ClientTls() {}

  /** Trusts {@code dir/ca.pem} and presents {@code dir/cert.pem} with {@code dir/key.pem}. */
  public static SSLContext context(Path dir) {
    try {
      return context(keyManagers(dir), TlsStores.trustManagers(dir.resolve("ca.pem")));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot make a TLS client of " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** Trusts {@code caPem} and presents no certificate. */
  public static SSLContext trusting(Path caPem) {
    try {
      return context(null, TlsStores.trustManagers(caPem));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot trust " + caPem + ": " + e.getMessage(), e);
    }
  }

  /** The key managers presenting {@code dir/cert.pem} (alias {@code client}). */
  public static KeyManager[] keyManagers(Path dir) {
    try {
      return TlsStores.keyManagers("client", PemFiles.certificates(dir.resolve("cert.pem")),
          PemFiles.privateKey(dir.resolve("key.pem")));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use the certificate in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** The trust managers of {@code caPem}. */
  public static TrustManager[] trustManagers(Path caPem) {
    try {
      return TlsStores.trustManagers(caPem);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot trust " + caPem + ": " + e.getMessage(), e);
    }
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trust, null);
    return context;
  }
}
