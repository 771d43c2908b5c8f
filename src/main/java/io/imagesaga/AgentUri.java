package io.imagesaga;

import java.net.URI;

/** Where a command reaches a running agent's API: {@code -H} as {@code DOCKER_HOST} has it. */
public final class AgentUri {
  private AgentUri() {}

  /**
   * The agent's base URI, without a trailing slash.
   *
   * @param host {@code tcp://127.0.0.1:2375}, or an http URL
   * @throws IllegalArgumentException if it is neither
   */
  public static URI of(String host) {
    return of(host, false);
  }

  /**
   * As {@link #of(String)}; {@code tls} makes {@code tcp://} an https URL, as
   * {@code DOCKER_TLS_VERIFY} does for the docker CLI, and also takes https URLs.
   */
  public static URI of(String host, boolean tls) {
    String scheme = tls ? "https" : "http";
    String base = host.startsWith("tcp://") ? scheme + "://" + host.substring(6) : host;
    URI uri;
    try {
      uri = URI.create(base.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !scheme.equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an agent's address: " + host
          + " (tcp://host:port or " + scheme + "://host:port)");
    }
    return uri;
  }
}
