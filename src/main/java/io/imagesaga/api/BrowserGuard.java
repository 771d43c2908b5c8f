package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalAttribute;

import com.typesafe.config.Config;
import io.imagesaga.Rejection;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps web pages from driving the API through the operator's browser. A browser sends
 * {@code Origin} with every cross-origin request it may send without asking (a {@code POST}
 * without a body needs no preflight): such a request is refused unless the origin is the
 * request's own (scheme and {@code Host}; a web UI served by this server is no attack) or is
 * configured ({@code imagesaga.http.allowed-origins}). DNS rebinding makes a page same-origin
 * with the node by pointing the page's own name at it, so the {@code Host} header must name the
 * node: its bind address, an IP address, a loopback name ({@code localhost}, {@code *.localhost},
 * which includes the {@code api.moby.localhost} docker clients send over unix sockets), or a name
 * in {@code imagesaga.http.allowed-hosts}. The docker CLI over tcp sends the host of
 * {@code DOCKER_HOST} as given. A request without {@code Host} (HTTP/1.0) passes: browsers
 * always send one.
 */
final class BrowserGuard {
  private static final Logger log = LoggerFactory.getLogger(BrowserGuard.class);
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[^\\]]+)?]");

  private final String bindHost;
  private final Set<String> allowedHosts;
  private final Set<String> allowedOrigins;

  /**
   * @param allowedHosts names besides the bind address (any case, a trailing dot ignored)
   * @param allowedOrigins {@code scheme://host[:port]} origins browsers may call from
   */
  BrowserGuard(String bindHost, Set<String> allowedHosts, Set<String> allowedOrigins) {
    this.bindHost = name(bindHost);
    this.allowedHosts = allowedHosts.stream().map(BrowserGuard::name)
        .collect(Collectors.toUnmodifiableSet());
    this.allowedOrigins = allowedOrigins.stream().map(BrowserGuard::origin)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** From {@code imagesaga.http}: {@code host}, {@code allowed-hosts}, {@code allowed-origins}. */
  static BrowserGuard of(Config config) {
    Config http = config.getConfig("imagesaga.http");
    return new BrowserGuard(http.getString("host"), list(http.getString("allowed-hosts")),
        list(http.getString("allowed-origins")));
  }

  /** A comma-separated list, as the environment variables give it; blanks dropped. */
  private static Set<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  /** {@code inner}, unless the request is refused: 403, logged with the peer's address. */
  Route check(Supplier<Route> inner) {
    return extractRequest(request -> optionalAttribute(AttributeKeys.remoteAddress, remote -> {
      Optional<String> refusal = refusal(request.getUri().getScheme(),
          request.getHeader("Host").map(HttpHeader::value).orElse(""),
          request.getHeader("Origin").map(HttpHeader::value));
      if (refusal.isEmpty()) {
        return inner.get();
      }
      log.warn("refused {} {} from {}: {}", request.method().name(), target(request),
          RequestProvenance.render(remote), refusal.get());
      return complete(Errors.response(new Rejection.Forbidden(refusal.get())));
    }));
  }

  private static String target(HttpRequest request) {
    return request.getUri().rawQueryString().map(q -> request.getUri().path() + "?" + q)
        .orElse(request.getUri().path());
  }

  /**
   * Why a request with this {@code Host} header ({@code name[:port]}, empty when absent) and
   * {@code Origin} is refused, if it is.
   */
  Optional<String> refusal(String scheme, String host, Optional<String> origin) {
    String name = hostName(host);
    if (!host.isEmpty() && !allowed(name)) {
      return Optional.of("host \"" + hostNameAsGiven(host) + "\" is not allowed: the API"
          + " answers to its bind address, IP addresses, localhost and the names in"
          + " imagesaga.http.allowed-hosts (IMAGESAGA_HTTP_ALLOWED_HOSTS)");
    }
    if (origin.isEmpty() || allowedOrigins.contains(origin(origin.get()))
        || origin(origin.get()).equals(origin(scheme + "://" + host))) {
      return Optional.empty();
    }
    return Optional.of("origin \"" + origin.get() + "\" is not allowed: browsers may call the"
        + " API only from its own origin and those in imagesaga.http.allowed-origins"
        + " (IMAGESAGA_HTTP_ALLOWED_ORIGINS)");
  }

  private boolean allowed(String name) {
    return name.equals(bindHost) || IPV4.matcher(name).matches()
        || IPV6.matcher(name).matches() || name.equals("localhost")
        || name.endsWith(".localhost") || allowedHosts.contains(name);
  }

  /** The host of {@code name[:port]} or {@code [v6][:port]}, lower case, no trailing dot. */
  private static String hostName(String host) {
    return name(hostNameAsGiven(host));
  }

  private static String hostNameAsGiven(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String name(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * An origin compared as browsers serialise it: lower case, without a path's slash and
   * without the scheme's default port.
   */
  private static String origin(String origin) {
    String lower = origin.trim().toLowerCase(Locale.ROOT);
    if (lower.endsWith("/")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (lower.startsWith("http://") && lower.endsWith(":80")) {
      return lower.substring(0, lower.length() - 3);
    }
    if (lower.startsWith("https://") && lower.endsWith(":443")) {
      return lower.substring(0, lower.length() - 4);
    }
    return lower;
  }
}
