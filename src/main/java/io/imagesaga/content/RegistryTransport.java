package io.imagesaga.content;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP of pulls: GETs whose redirects are followed here, not by the JDK client (which sends
 * every header, {@code Authorization} included, to wherever a registry points): at most
 * {@code max-redirects} hops, only to https or to plain HTTP on a loopback address, never nearer
 * this node than the hop before ({@link #hopRefusal}), the credentials only while the request
 * stays on the origin (scheme, host and port) it was made to. Each request waits
 * {@code request-timeout} at most for its headers, no request or body outlives the pull's
 * deadline, and every body read is charged to the pull's download limit ({@link PullBounds}).
 * Blocking.
 */
public final class RegistryTransport {
  private final HttpClient http;
  private final RegistrySettings settings;
  private final Loopback loopback;

  public RegistryTransport(RegistrySettings settings, Loopback loopback) {
    this.settings = settings;
    this.loopback = loopback;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** An answer whose body is open and watched by the deadline; closing it drops the rest. */
  public record Response(URI uri, int status, HttpHeaders headers, InputStream body)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  public RegistrySettings settings() {
    return settings;
  }

  /**
   * GETs {@code uri} ({@code what} names it in failures), following redirects; the answer is the
   * first that is not a redirect. {@code authorization}, if any, goes only to {@code uri}'s
   * origin.
   */
  public Response get(URI uri, String accept, Optional<String> authorization, String what,
      PullBounds bounds) throws IOException {
    URI current = uri;
    for (int hops = 0; ; hops++) {
      Response response = send(current, accept,
          sameOrigin(uri, current) ? authorization : Optional.empty(), what, bounds);
      Optional<String> location = isRedirect(response.status())
          ? response.headers().firstValue("Location") : Optional.empty();
      if (location.isEmpty()) {
        return response;
      }
      response.close();
      if (hops == settings.maxRedirects()) {
        throw new RegistryException("registry redirected more than " + settings.maxRedirects()
            + " times for " + what + " (" + RegistrySettings.name("max-redirects") + ")");
      }
      current = redirect(current, location.get(), what);
    }
  }

  /** Whether a pull may send a request to {@code uri}: https, or http to a loopback address. */
  public boolean permitted(URI uri) {
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    return uri.getHost() != null && (scheme.equals("https")
        || scheme.equals("http") && loopback.host(uri.getHost()));
  }

  /**
   * Why a pull may not be sent from {@code from} on to {@code to} (a redirect, or a token realm
   * a registry names), if it may not: {@code to} is nearer this node ({@link Reach}) than
   * {@code from}. A registry on the internet could otherwise make this node send requests to
   * its own services or its cloud's metadata service; a registry on this machine may send a
   * pull anywhere. Decided on the addresses the names resolve to now: the connection resolves
   * the name again.
   */
  public Optional<String> hopRefusal(URI from, URI to) {
    Reach source = loopback.farthest(from.getHost());
    Reach target = loopback.nearest(to.getHost());
    return target.compareTo(source) < 0 ? Optional.of("a pull is never sent from a " + source
        + " address to a " + target + " one") : Optional.empty();
  }

  /** The base URI of a registry: plain HTTP only when it is on this machine. */
  public URI base(String authority) {
    return URI.create((loopback.test(authority) ? "http://" : "https://") + authority);
  }

  private URI redirect(URI from, String location, String what) throws RegistryException {
    URI to;
    try {
      to = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new RegistryException("registry redirected " + what + " to no URL");
    }
    if (!permitted(to)) {
      throw new RegistryException("redirect of " + what + " to " + to + " refused: a redirect"
          + " must be https, or http to a loopback address");
    }
    Optional<String> refusal = hopRefusal(from, to);
    if (refusal.isPresent()) {
      throw new RegistryException("redirect of " + what + " to " + to + " refused: "
          + refusal.get());
    }
    return to;
  }

  private Response send(URI uri, String accept, Optional<String> authorization, String what,
      PullBounds bounds) throws IOException {
    PullDeadline deadline = bounds.deadline();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", accept).GET()
        .timeout(timeout(deadline));
    authorization.ifPresent(value -> request.header("Authorization", value));
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(uri, response.statusCode(), response.headers(),
          HttpFailures.reading(uri, bounds.watch(response.body())));
    } catch (HttpConnectTimeoutException e) {
      throw deadline.passed() ? deadline.exceeded() : new RegistryException("could not connect"
          + " to " + uri.getAuthority() + " within " + RegistrySettings.text(
          settings.connectTimeout()) + " (" + RegistrySettings.name("connect-timeout") + ")");
    } catch (HttpTimeoutException e) {
      throw deadline.passed() ? deadline.exceeded() : new RegistryException("registry did not"
          + " answer within " + RegistrySettings.text(settings.requestTimeout()) + " for " + what
          + " (" + RegistrySettings.name("request-timeout") + ")");
    } catch (ConnectException e) {
      throw HttpFailures.unreachable(uri, e);
    } catch (IOException e) {
      throw deadline.passed() ? deadline.exceeded() : HttpFailures.broken(uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * {@code request-timeout}, or the time left to the pull if that is less; failing once none
   * is left. One look at the clock: a check and a second look could see time left, then none
   * (and the JDK refuses a timeout that is not positive).
   */
  private Duration timeout(PullDeadline deadline) throws RegistryException {
    Duration remaining = deadline.remaining();
    if (remaining.isNegative() || remaining.isZero()) {
      throw deadline.exceeded();
    }
    return remaining.compareTo(settings.requestTimeout()) < 0 ? remaining
        : settings.requestTimeout();
  }

  /** RFC 6454 origins: scheme, host and port (the scheme's default when none is given). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort()
        : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }
}
