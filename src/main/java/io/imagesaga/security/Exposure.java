package io.imagesaga.security;

import java.net.InetAddress;

/**
 * Whether the API may listen where it is asked to. On a loopback address only this host's
 * users reach it. Anywhere else, without verified client certificates, anyone who can reach
 * the port may delete every image, so the start is refused unless the operator said
 * {@code insecure} (and then warned about at every start). Decided on the resolved address, as
 * the bind uses it: {@code localhost} is loopback, {@code 0.0.0.0} is not.
 */
public final class Exposure {
  private Exposure() {}

  /** What the start does: serve, serve with a warning, or refuse with a reason. */
  public sealed interface Verdict {
    record Serve() implements Verdict {}

    record Warn(String warning) implements Verdict {}

    record Refuse(String reason) implements Verdict {}
  }

  public static Verdict of(String host, InetAddress resolved, boolean verifiesClients,
      boolean insecure) {
    if (resolved.isLoopbackAddress() || verifiesClients) {
      return new Verdict.Serve();
    }
    String where = host.equals(resolved.getHostAddress()) ? host
        : host + " (" + resolved.getHostAddress() + ")";
    if (insecure) {
      return new Verdict.Warn("INSECURE: the Docker Engine API listens on " + where
          + ", beyond this host, without verified client certificates"
          + " (imagesaga.http.insecure = true): whoever reaches it may delete every image");
    }
    return new Verdict.Refuse("refusing to serve the Docker Engine API on " + where
        + ", which is not a loopback address, without verified client certificates: whoever"
        + " reaches it could delete every image. Set IMAGESAGA_TLS_VERIFY=true with"
        + " IMAGESAGA_TLS_CACERT, IMAGESAGA_TLS_CERT and IMAGESAGA_TLS_KEY (docs/security.md,"
        + " \"Transport (TLS)\"), or IMAGESAGA_HTTP_INSECURE=true to serve it unprotected");
  }

  /** {@link #of} for {@code host} as the bind resolves it. */
  public static Verdict of(String host, boolean verifiesClients, boolean insecure) {
    try {
      return of(host, InetAddress.getByName(host), verifiesClients, insecure);
    } catch (java.net.UnknownHostException e) {
      return new Verdict.Refuse("cannot resolve imagesaga.http.host " + host + ": "
          + e.getMessage());
    }
  }
}
