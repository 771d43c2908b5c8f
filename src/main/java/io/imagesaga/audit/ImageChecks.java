package io.imagesaga.audit;

import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.Optional;

/** The invariants about one image (1 to 3 of {@code design.md}), on a replayed state. */
final class ImageChecks {
  private ImageChecks() {}

  /** The first problem with image {@code id}, or null. */
  static Problem problem(JournalState state, GraphIndex index, ImageId id) {
    ImageState image = state.image(id);
    if (image.isPresent()) {
      for (NamedReference reference : image.references()) {
        Optional<ImageId> named = state.resolve(reference);
        if (!named.equals(Optional.of(id))) {
          return new Problem(1, "image " + id + " lists " + reference + ", which its repository "
              + named.map(other -> "points at " + other).orElse("does not have"));
        }
      }
      Optional<ImageId> parent = image.metadata().parent();
      if (parent.isPresent() && !(state.image(parent.get()).isPresent()
          && state.image(parent.get()).children().contains(id))) {
        return new Problem(2, "image " + id + " has parent " + parent.get() + ", which "
            + (state.image(parent.get()).isPresent() ? "does not list it as a child"
            : "is not present"));
      }
      return null;
    }
    if (!index.children(id).isEmpty()) {
      return new Problem(2, "image " + index.children(id).iterator().next() + " has parent " + id
          + ", which is not present");
    }
    if (!image.references().isEmpty() || !image.children().isEmpty()) {
      return new Problem(2, "image " + id + " is not present but keeps " + image.references().size()
          + " references and " + image.children().size() + " children");
    }
    return null;
  }

  /**
   * Invariant 3 as image {@code id} has just been deleted: no container on it runs. Checked then
   * only, not whenever the image is seen deleted, because a stopped or created container that an
   * {@code rmi -f} left on it may be started later, as with dockerd.
   */
  static Problem deletedWhileRunning(JournalState state, GraphIndex index, ImageId id) {
    for (String container : index.containers(id)) {
      if (state.container(container).isRunning()) {
        return new Problem(3, "image " + id + " was deleted while container " + container
            + " ran on it");
      }
    }
    return null;
  }
}
