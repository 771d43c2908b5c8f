package io.imagesaga.audit;

import static io.imagesaga.audit.Problem.container;
import static io.imagesaga.audit.Problem.image;
import static io.imagesaga.audit.Problem.repository;

import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.Optional;
import java.util.Set;

/** The invariants about one image or reference (1 to 3 of {@code docs/design.md}), replayed. */
final class ImageChecks {
  private ImageChecks() {}

  /** The first problem with image {@code id}, or null. */
  static Problem problem(JournalState state, GraphIndex index, ImageId id) {
    ImageState image = state.image(id);
    return image.isPresent() ? present(state, index, id, image)
        : gone(state, index, id, image);
  }

  /** Invariant 1 for one reference: its repository and the images listing it agree. */
  static Problem reference(JournalState state, GraphIndex index, NamedReference reference) {
    Optional<ImageId> named = state.resolve(reference);
    String repository = repository(reference.repository().name());
    for (ImageId lister : index.listing(reference)) {
      if (!named.equals(Optional.of(lister))) {
        return new Problem(1, "image " + lister + " lists " + reference + ", which its "
            + "repository " + named.map(other -> "points at " + other).orElse("does not have"),
            Set.of(image(lister), repository));
      }
    }
    if (named.isPresent() && index.listing(reference).isEmpty()) {
      return new Problem(1, "repository " + reference.repository().name() + " points "
          + reference + " at " + named.get() + ", which " + (state.image(named.get())
          .isPresent() ? "does not list it" : "is not present"),
          Set.of(repository, image(named.get())));
    }
    return null;
  }

  private static Problem present(JournalState state, GraphIndex index, ImageId id,
      ImageState image) {
    for (ImageId child : index.children(id)) {
      if (!image.children().contains(child)) {
        return new Problem(2, "image " + child + " has parent " + id + ", which does not list "
            + "it as a child", Set.of(image(child), image(id)));
      }
    }
    for (ImageId child : image.children()) {
      if (!index.children(id).contains(child)) {
        return new Problem(2, "image " + id + " lists child " + child + ", which "
            + (state.image(child).isPresent() ? "has another parent" : "is not present"),
            Set.of(image(id), image(child)));
      }
    }
    Optional<ImageId> parent = image.metadata().parent();
    if (parent.isPresent() && !(state.image(parent.get()).isPresent()
        && state.image(parent.get()).children().contains(id))) {
      return new Problem(2, "image " + id + " has parent " + parent.get() + ", which "
          + (state.image(parent.get()).isPresent() ? "does not list it as a child"
          : "is not present"), Set.of(image(id), image(parent.get())));
    }
    return null;
  }

  private static Problem gone(JournalState state, GraphIndex index, ImageId id,
      ImageState image) {
    if (!index.children(id).isEmpty()) {
      ImageId child = index.children(id).iterator().next();
      return new Problem(2, "image " + child + " has parent " + id + ", which is not present",
          Set.of(image(child), image(id)));
    }
    if (!image.references().isEmpty() || !image.children().isEmpty()) {
      return new Problem(2, "image " + id + " is not present but keeps "
          + image.references().size() + " references and " + image.children().size()
          + " children", Set.of(image(id)));
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
            + " ran on it", Set.of(image(id), container(container)));
      }
    }
    return null;
  }
}
