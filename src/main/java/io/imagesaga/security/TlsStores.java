package io.imagesaga.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's key and trust managers from PEM files, held in memory only. */
final class TlsStores {
  private static final char[] IN_MEMORY = new char[0];

  private TlsStores() {}

  /** Trusts the CA certificate(s) of {@code caPem}, checking chains with PKIX. */
  static TrustManager[] trustManagers(Path caPem) throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    List<X509Certificate> cas = PemFiles.certificates(caPem);
    for (int i = 0; i < cas.size(); i++) {
      anchors.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    return factory.getTrustManagers();
  }

  /** Presents {@code chain} (its leaf first) under the alias {@code alias}. */
  static KeyManager[] keyManagers(String alias, List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(alias, key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, IN_MEMORY);
    return factory.getKeyManagers();
  }
}
