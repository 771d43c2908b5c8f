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
 */
public record ImageDeleteStep(
    List<String> untagged,
    List<NamedReference> removedReferences,
    boolean deleted,
    Optional<ImageId> parent,
    Optional<Digest> topLayer)
    implements CborSerializable {

  public ImageDeleteStep {
    untagged = List.copyOf(untagged);
    removedReferences = List.copyOf(removedReferences);
  }

  static ImageDeleteStep nothing() {
    return new ImageDeleteStep(List.of(), List.of(), false, Optional.empty(), Optional.empty());
  }
}
