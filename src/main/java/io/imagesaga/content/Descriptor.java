package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.InvalidReferenceException;

/**
 * What a manifest or index says of the content it names (an OCI descriptor): its digest and
 * size, both required, as the content fetched for it must match both. Only sha256 is accepted:
 * it is the one digest this node computes.
 */
public record Descriptor(Digest digest, long size) {

  /** The descriptor in {@code node}; {@code what} names it in the failure (e.g. "layer 2"). */
  public static Descriptor of(JsonNode node, String what) throws RegistryException {
    JsonNode size = node.path("size");
    Digest digest;
    try {
      digest = Digest.parse(node.path("digest").asText(""));
    } catch (InvalidReferenceException e) {
      throw new RegistryException("registry sent a manifest whose " + what
          + " has no valid digest");
    }
    if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
      throw new RegistryException("registry sent a manifest whose " + what
          + " has no valid size");
    }
    if (!digest.algorithm().equals("sha256")) {
      throw new RegistryException("registry sent a manifest whose " + what + " has a "
          + digest.algorithm() + " digest; only sha256 is verified");
    }
    return new Descriptor(digest, size.asLong());
  }
}
