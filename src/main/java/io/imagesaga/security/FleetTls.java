package io.imagesaga.security;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The fleet system's TLS (conf/cluster.conf, docs/security.md, "Cluster transport"): Pekko's
 * {@link RotatingKeysSSLEngineProvider} does it all (reads the PEM files again every
 * {@code ssl-context-cache-ttl}, requires the peer's certificate both ways, accepts only one of
 * the CA that shares a name with this node's own); this only says at WARN each handshake that
 * failed, which Pekko does not on the side that refused it, so that an agent's log shows who
 * was turned away and why.
 */
public final class FleetTls implements SSLEngineProvider {
  private static final Logger log = LoggerFactory.getLogger(FleetTls.class);
  private final SSLEngineProvider pekko;
  /** This system's remoting address, which every line names. */
  private final String self;

  public FleetTls(ActorSystem system) {
    this.pekko = new RotatingKeysSSLEngineProvider(system);
    this.self = system.settings().config().getString("pekko.remote.artery.canonical.hostname")
        + ":" + system.settings().config().getInt("pekko.remote.artery.canonical.port");
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    return new WatchedSSLEngine(pekko.createServerSSLEngine(hostname, port), failure ->
        log.warn("fleet {}: refused a connection: its TLS handshake failed: {}", self,
            failure.getMessage()));
  }

  @Override
  public SSLEngine createClientSSLEngine(String hostname, int port) {
    return new WatchedSSLEngine(pekko.createClientSSLEngine(hostname, port), failure ->
        log.warn("fleet {}: the TLS handshake with {}:{} failed: {}", self, hostname, port,
            failure.getMessage()));
  }

  @Override
  public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
    return logged(pekko.verifyClientSession(hostname, session));
  }

  @Override
  public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
    return logged(pekko.verifyServerSession(hostname, session));
  }

  private Option<Throwable> logged(Option<Throwable> refusal) {
    if (refusal.isDefined()) {
      log.warn("fleet {}: refused a connection: its peer's certificate is not a node's of"
          + " this fleet: {}", self, refusal.get().getMessage());
    }
    return refusal;
  }
}
