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
    String base = host.startsWith("tcp://") ? "http://" + host.substring(6) : host;
    URI uri;
    try {
      uri = URI.create(base.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an agent's address: " + host
          + " (tcp://host:port or http://host:port)");
    }
    return uri;
  }
}
