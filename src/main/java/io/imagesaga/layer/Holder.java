package io.imagesaga.layer;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;

/**
 * Who holds a layer (docs/design.md, "Exactly-once steps"): an image, as the registration that
 * made it present (an image deleted and loaded again is another holder), or a child layer, as
 * the incarnation of it that holds this one (a layer removed and created again is another
 * holder). A layer holds a set of them: acquiring a holder it has changes nothing, releasing one
 * it does not have changes nothing. Holders journaled before incarnations were recorded have
 * none and stand for any incarnation of their ID.
 *
 * @param id the image ID, or the child layer's chain ID
 * @param incarnation the ID of the operation that registered the image, or the child layer's
 *     incarnation number; null in holders journaled before
 */
public record Holder(String id, String incarnation) implements CborSerializable {

  public static Holder image(ImageId image, String registeredBy) {
    return new Holder(image.toString(), registeredBy);
  }

  public static Holder layer(Digest chainId, long incarnation) {
    return new Holder(chainId.toString(), Long.toString(incarnation));
  }

  /** The holder a step journaled before holders had incarnations names: {@code <saga>/<id>}. */
  static Holder named(String step) {
    return new Holder(step == null ? "" : step.substring(step.lastIndexOf('/') + 1), null);
  }

  /** Whether {@code other} is this holder, or may be because either has no incarnation. */
  public boolean matches(Holder other) {
    return id.equals(other.id) && (incarnation == null || other.incarnation == null
        || incarnation.equals(other.incarnation));
  }
}
