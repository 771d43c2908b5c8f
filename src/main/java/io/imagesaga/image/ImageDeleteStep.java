package io.imagesaga.image;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.List;
import java.util.Optional;

/**
 * What one image did during a delete, for the saga to carry on with: the {@code Untagged}
 * records it produced (familiar strings, in moby's order), the references it dropped (which the
 * repositories must forget), and, when the image itself went, its parent and top layer.
 *
 * @param registeredBy when the image went, the operation that had registered it: the image
 *     held its top layer as that registration ({@link io.imagesaga.layer.Holder#image}); null
 *     otherwise, and in steps journaled before holders were told apart by registration
 * @param generation when the image went, its {@link ImageState#generation} after the delete: the
 *     parent is released of the child's incarnations up to it, not of a later one a load
 *     registered meanwhile; 0 otherwise, and in steps journaled before generations
 */
public record ImageDeleteStep(
    List<String> untagged,
    List<NamedReference> removedReferences,
    boolean deleted,
    Optional<ImageId> parent,
    Optional<Digest> topLayer,
    String registeredBy,
    long generation)
    implements CborSerializable {

  public ImageDeleteStep {
    untagged = List.copyOf(untagged);
    removedReferences = List.copyOf(removedReferences);
  }

  /** A step whose registration is not known: one that did not delete the image. */
  public ImageDeleteStep(List<String> untagged, List<NamedReference> removedReferences,
      boolean deleted, Optional<ImageId> parent, Optional<Digest> topLayer) {
    this(untagged, removedReferences, deleted, parent, topLayer, null, 0);
  }

  /** A step journaled before generations (tests of the journal format). */
  public ImageDeleteStep(List<String> untagged, List<NamedReference> removedReferences,
      boolean deleted, Optional<ImageId> parent, Optional<Digest> topLayer, String registeredBy) {
    this(untagged, removedReferences, deleted, parent, topLayer, registeredBy, 0);
  }

  static ImageDeleteStep nothing() {
    return new ImageDeleteStep(List.of(), List.of(), false, Optional.empty(), Optional.empty());
  }
}
