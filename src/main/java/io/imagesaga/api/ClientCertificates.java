package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.optionalAttribute;

import io.imagesaga.security.ClientIdentity;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.SslSessionInfo;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The client certificate of a request's connection, as the TLS handshake verified it against
 * the CA (needs {@code pekko.http.server.parsing.ssl-session-attribute = on}, conf/tls.conf).
 * Plain HTTP, and a TLS client that presented no certificate, have none.
 */
final class ClientCertificates {
  private ClientCertificates() {}

  static Route withClient(Function<Optional<ClientIdentity>, Route> inner) {
    return optionalAttribute(AttributeKeys.sslSession,
        session -> inner.apply(session.map(SslSessionInfo::getSession)
            .flatMap(ClientCertificates::identity)));
  }

  /**
   * The identity of the session's peer certificate; with {@code want} client authentication,
   * a session has one only if the client presented a chain and the handshake verified it.
   */
  static Optional<ClientIdentity> identity(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? Optional.of(ClientIdentity.of(leaf)) : Optional.empty();
    } catch (SSLPeerUnverifiedException none) {
      return Optional.empty();
    }
  }
}
