package io.imagesaga.security;

import java.util.Optional;

/**
 * Whether a request may do what its route needs, decided on the client certificate the
 * handshake verified (docs/security.md, "Permissions"):
 *
 * <ul>
 *   <li>without client verification (plain HTTP on loopback, or TLS without
 *       {@code verify}) there is nobody to tell apart: everything is allowed, dockerd's model;
 *   <li>with it, a request without a verified certificate is refused;
 *   <li>a verified client may do everything when there is no policy (dockerd's model), else
 *       what the policy grants it.
 * </ul>
 */
public final class Access {
  private static final Access OPEN = new Access(false, Optional.empty());

  private final boolean verifying;
  private final Optional<Policy> policy;

  private Access(boolean verifying, Optional<Policy> policy) {
    this.verifying = verifying;
    this.policy = policy;
  }

  /** Nobody is verified: every request is allowed. */
  public static Access open() {
    return OPEN;
  }

  /** Clients are verified; {@code policy}, if any, says what each may do. */
  public static Access verified(Optional<Policy> policy) {
    return new Access(true, policy);
  }

  public boolean verifying() {
    return verifying;
  }

  /**
   * Why {@code client} may not do what {@code needed} allows, as the client is told, for the
   * request {@code method path}; empty if it may.
   */
  public Optional<String> refusal(Optional<ClientIdentity> client, Permission needed,
      String method, String path) {
    if (!verifying) {
      return Optional.empty();
    }
    if (client.isEmpty()) {
      return Optional.of("forbidden: " + method + " " + path + " needs a client certificate"
          + " signed by this node's CA (DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH)");
    }
    if (policy.isEmpty() || policy.get().permissionsOf(client.get()).contains(needed)) {
      return Optional.empty();
    }
    return Optional.of("forbidden: " + client.get().subject() + " lacks the "
        + needed.label() + " permission that " + method + " " + path + " needs");
  }
}
