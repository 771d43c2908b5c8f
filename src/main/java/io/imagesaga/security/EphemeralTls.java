package io.imagesaga.security;

import io.imagesaga.security.CertificateAuthority.Issued;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Artery's TLS for an actor system that only ever talks to itself: the host system
 * (conf/local-cluster.conf, docs/security.md, "Cluster transport"). A CA and a certificate it
 * signs are made in memory, once per actor system, for its first handshake; the CA's key is
 * dropped at once, its certificate is the only trust anchor, and a peer must present exactly
 * this certificate. So no other process (another agent, or this code started again) can
 * complete a handshake with the port, hence cannot join the cluster nor send to its entities,
 * and nobody has a file to configure. Each side requires the other's certificate.
 *
 * <p>Pekko makes one per actor system through the constructor taking the system
 * ({@code pekko.remote.artery.ssl.ssl-engine-provider}).
 */
public final class EphemeralTls implements SSLEngineProvider {
  private static final Logger log = LoggerFactory.getLogger(EphemeralTls.class);
  private static final String PROTOCOL = "TLSv1.3";
  /** Outlives any process: the certificate is never seen after it ends. */
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final String NAME = "imagesaga-host-system";

  /** The key, its certificate and the context built on them: made on first use. */
  private record Identity(X509Certificate certificate, SSLContext context) {}

  private Identity identity;

  /** Pekko's constructor; the system is not needed. */
  public EphemeralTls(ActorSystem system) {
    this();
  }

  /**
   * Makes nothing yet: the keys and certificates are made on the first handshake, which a node
   * that only talks to itself never has (building them costs a second or two of class loading
   * on a cold JVM, which a start must not pay).
   */
  public EphemeralTls() {}

  private synchronized Identity identity() {
    if (identity == null) {
      identity = create();
    }
    return identity;
  }

  private static Identity create() {
    CertificateAuthority ca = CertificateAuthority.create(NAME + " CA", KeyType.EC, VALIDITY);
    Issued own = ca.server(List.of(NAME), List.of(), KeyType.EC, VALIDITY);
    try {
      char[] password = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("own", own.key(), password,
          new Certificate[] {own.certificate(), ca.certificate()});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(anchors);
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
          new SecureRandom());
      return new Identity(own.certificate(), context);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the host system's TLS", e);
    }
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    return engine(hostname, port, false);
  }

  @Override
  public SSLEngine createClientSSLEngine(String hostname, int port) {
    return engine(hostname, port, true);
  }

  private SSLEngine engine(String hostname, int port, boolean client) {
    SSLEngine engine = identity().context().createSSLEngine(hostname, port);
    engine.setUseClientMode(client);
    engine.setNeedClientAuth(true);
    engine.setEnabledProtocols(new String[] {PROTOCOL});
    // Only another process can fail a handshake here: say so.
    return new WatchedSSLEngine(engine, client
        ? failure -> log.warn("host system: the TLS handshake with {}:{} failed: {}", hostname,
            port, failure.getMessage())
        : failure -> log.warn("host system: refused a connection to its remoting port: its TLS"
            + " handshake failed: {}", failure.getMessage()));
  }

  @Override
  public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
    return verify(session);
  }

  @Override
  public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
    return verify(session);
  }

  /** The trust manager checked the chain; this insists on the one certificate besides. */
  private Option<Throwable> verify(SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length > 0 && peer[0].equals(identity().certificate())) {
        return Option.empty();
      }
      return Option.apply(new SSLPeerUnverifiedException("the peer's certificate is not this"
          + " system's own"));
    } catch (SSLPeerUnverifiedException e) {
      return Option.apply(e);
    }
  }
}
