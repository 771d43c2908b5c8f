package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.optionalAttribute;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import io.imagesaga.Provenance;
import io.imagesaga.security.ClientIdentity;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The {@link Provenance} of each request: the connection's remote address, the
 * {@code User-Agent}, the request ID, which every response carries back in
 * {@code X-Request-Id}, and the subject of the client's verified TLS certificate.
 */
final class RequestProvenance {
  static final String REQUEST_ID = "X-Request-Id";
  /** 1 to 128 printable ASCII characters, no spaces: safe to journal, log and echo. */
  private static final Pattern SANE_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
  /** Every delete and operation journals it; a client must not make that unboundedly big. */
  private static final int AGENT_LIMIT = 256;

  private RequestProvenance() {}

  /**
   * Runs {@code inner} with the request's provenance, naming the subject of {@code client},
   * the connection's verified client certificate, if it has one. The request ID is the client's
   * {@code X-Request-Id} when it is sane, else a new random UUID. The remote address is the
   * peer of the connection (needs {@code pekko.http.server.remote-address-attribute = on}), not
   * {@code extractClientIP}: that prefers {@code X-Forwarded-For} and {@code X-Real-Ip}, which
   * any client may set, and an audit trail must not record an address the client chose. The
   * inner route is sealed, so that its rejections and failures too answer the request ID.
   */
  static Route withProvenance(Optional<ClientIdentity> client,
      Function<Provenance, Route> inner) {
    return optionalAttribute(AttributeKeys.remoteAddress, remote ->
        optionalHeaderValueByName("User-Agent", agent ->
            optionalHeaderValueByName(REQUEST_ID, id -> {
              Provenance provenance = new Provenance(render(remote),
                  agent.map(RequestProvenance::bounded).orElse(""), requestId(id),
                  client.map(c -> bounded(c.subject())).orElse(""));
              return respondWithHeader(RawHeader.create(REQUEST_ID, provenance.requestId()),
                  () -> inner.apply(provenance).seal());
            })));
  }

  /**
   * A user agent (or a certificate subject, or a path) as journaled: its first {@value #AGENT_LIMIT} code points (never half a
   * surrogate pair), control characters replaced by {@code ?} so that audit output stays one
   * line per event.
   */
  static String bounded(String agent) {
    StringBuilder out = new StringBuilder();
    agent.codePoints().limit(AGENT_LIMIT)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  static String requestId(Optional<String> fromClient) {
    return fromClient.filter(id -> SANE_ID.matcher(id).matches())
        .orElseGet(() -> UUID.randomUUID().toString());
  }

  /** {@code ip:port} ({@code [ip]:port} for IPv6), the bare IP without a port, else empty. */
  static String render(Optional<RemoteAddress> remote) {
    Optional<InetAddress> ip = remote.flatMap(RemoteAddress::getAddress);
    if (ip.isEmpty()) {
      return "";
    }
    String host = ip.get().getHostAddress();
    int port = remote.get().getPort();
    if (port <= 0) {
      return host;
    }
    return (ip.get() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }
}
