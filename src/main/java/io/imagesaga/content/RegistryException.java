package io.imagesaga.content;

import java.io.IOException;

/**
 * A registry answered what a pull cannot use (an error status, a body that does not parse):
 * the client's business, so its message reaches the client, unlike this node's own I/O
 * failures. The message names only the registry's answer, never a local path.
 */
public final class RegistryException extends IOException {
  public RegistryException(String message) {
    super(message);
  }
}
