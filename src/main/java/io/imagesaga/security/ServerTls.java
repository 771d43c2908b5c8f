package io.imagesaga.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The server side of the API's TLS, built once at start from the PEM files of
 * {@link TlsSettings}: TLS 1.2 and 1.3 only. With verification, every engine <em>wants</em> a
 * client certificate and checks any chain presented against the CA during the handshake (a
 * chain that does not verify fails the handshake); a client that presents none is let through
 * without an identity, and the HTTP layer refuses its requests with a 403 that the audit log
 * records (docs/security.md, "Transport (TLS)").
 */
public final class ServerTls {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLContext context;
  private final boolean verifyClients;
  private final String[] protocols;

  private ServerTls(SSLContext context, boolean verifyClients) {
    this.context = context;
    this.verifyClients = verifyClients;
    this.protocols = Arrays.stream(context.getSupportedSSLParameters().getProtocols())
        .filter(PROTOCOLS::contains).toArray(String[]::new);
  }

  /**
   * Reads the PEM files and checks them: the key belongs to the certificate, which is valid
   * now. Every failure names the file.
   *
   * @throws IllegalArgumentException if TLS is off, or the files do not make a server
   */
  public static ServerTls load(TlsSettings settings, Instant now) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("TLS is off: no certificate and key");
    }
    List<X509Certificate> chain = PemFiles.certificates(settings.cert().orElseThrow());
    PrivateKey key = PemFiles.privateKey(settings.key().orElseThrow());
    checkValid(chain.get(0), settings, now);
    checkPair(chain.get(0), key, settings);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(TlsStores.keyManagers("server", chain, key), settings.verify()
          ? TlsStores.trustManagers(settings.caCert().orElseThrow()) : null, null);
      return new ServerTls(context, settings.verify());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot serve TLS with " + settings.cert().get()
          + " and " + settings.key().get() + ": " + e.getMessage(), e);
    }
  }

  private static void checkValid(X509Certificate cert, TlsSettings settings, Instant now) {
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new IllegalArgumentException("the server certificate " + settings.cert().get()
          + " expired on " + cert.getNotAfter().toInstant(), e);
    } catch (CertificateNotYetValidException e) {
      throw new IllegalArgumentException("the server certificate " + settings.cert().get()
          + " is not valid before " + cert.getNotBefore().toInstant(), e);
    }
  }

  /** A key that is not the certificate's would fail every handshake: say so at start. */
  private static void checkPair(X509Certificate cert, PrivateKey key, TlsSettings settings) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = {'i', 'm', 'a', 'g', 'e', 's', 'a', 'g', 'a'};
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signer.sign())) {
        return;
      }
    } catch (GeneralSecurityException mismatch) {
      // a key of another algorithm than the certificate's: reported below
    }
    throw new IllegalArgumentException("the key " + settings.key().get()
        + " does not belong to the certificate " + settings.cert().get());
  }

  /** A new server engine: TLS 1.2+, asking for (not requiring) a verified client certificate. */
  public SSLEngine engine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(protocols);
    if (verifyClients) {
      engine.setWantClientAuth(true);
    }
    return engine;
  }

  public boolean verifiesClients() {
    return verifyClients;
  }
}
