package io.imagesaga.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a client may do on the Engine API (docs/security.md, "Permissions"). Every line of the
 * route table names the one permission it needs.
 */
public enum Permission {
  /** Listings, inspections, {@code docker save}, events, the version and ping endpoints. */
  READ,
  /** {@code docker tag}. */
  TAG,
  /** {@code docker load} and {@code docker pull}: both bring images in. */
  LOAD,
  /**
   * {@code docker create}, {@code start}, {@code stop}, {@code rm}: containers hold images, so
   * changing them decides what a delete may remove.
   */
  CONTAINER,
  /** {@code docker rmi}, a fleet rmi, and the fleet's protected list, which decides deletes. */
  DELETE,
  /** {@code docker image prune} and the fleet's prune. */
  PRUNE,
  /** The audit log ({@code GET /imagesaga/audit/journal}): who did what, for every client. */
  AUDIT;

  /** As a policy names it: {@code read}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The permission a policy names.
   *
   * @throws IllegalArgumentException naming the permissions there are
   */
  public static Permission named(String label) {
    for (Permission permission : values()) {
      if (permission.label().equals(label)) {
        return permission;
      }
    }
    throw new IllegalArgumentException("no permission " + label + " (there are "
        + Arrays.stream(values()).map(Permission::label).collect(Collectors.joining(", "))
        + ")");
  }
}
