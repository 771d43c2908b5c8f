package io.imagesaga.image;

import static io.imagesaga.image.ConflictKind.ACTIVE_REFERENCE;
import static io.imagesaga.image.ConflictKind.DEPENDENT_CHILD;
import static io.imagesaga.image.ConflictKind.IMPORT_IN_PROGRESS;
import static io.imagesaga.image.ConflictKind.RUNNING_CONTAINER;
import static io.imagesaga.image.ConflictKind.STOPPED_CONTAINER;

import io.imagesaga.Rejection;
import io.imagesaga.Rejection.Conflict;
import io.imagesaga.Rejection.Severity;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What stands in the way of deleting one image, with moby's texts. */
public final class ImageConflicts {
  private ImageConflicts() {}

  /**
   * moby's {@code checkImageDeleteConflict}: the first conflict in the fixed order dependent
   * child, running container, active reference, stopped container (created ones included),
   * restricted to {@code mask}; before them all, an import's lease unexpired at {@code now}.
   */
  public static Optional<Conflict> check(
      ImageState state, Set<ConflictKind> mask, Instant now) {
    return first(state, mask, now).map(c -> new Conflict(c.severity(), c.used(), c.message(),
        blockers(state), c.kind()));
  }

  /** The image's children and the containers using it, all of them. */
  static Rejection.Blockers blockers(ImageState state) {
    return new Rejection.Blockers(
        state.children().stream().map(ImageId::toString).sorted().toList(),
        state.containers().stream()
            .map(c -> new Rejection.BlockingContainer(c.containerId(), c.running())).toList());
  }

  static Optional<Conflict> first(
      ImageState state, Set<ConflictKind> mask, Instant now) {
    String id12 = state.id().shortId();
    if (mask.contains(IMPORT_IN_PROGRESS) && state.isLeased(now)) {
      // "used": like a container's, it is never swallowed as an error of a dangling image.
      return Optional.of(conflict(IMPORT_IN_PROGRESS, id12, Severity.HARD, true,
          "image is in use by a load, pull or save in progress"));
    }
    if (mask.contains(DEPENDENT_CHILD) && !state.children().isEmpty()) {
      return Optional.of(conflict(DEPENDENT_CHILD, id12, Severity.HARD, false,
          "image has dependent child images"));
    }
    if (mask.contains(RUNNING_CONTAINER)) {
      Optional<ContainerUse> running = state.firstContainer(true);
      if (running.isPresent()) {
        return Optional.of(conflict(RUNNING_CONTAINER, id12, Severity.HARD, true,
            "image is being used by running container " + running.get().shortId()));
      }
    }
    if (mask.contains(ACTIVE_REFERENCE) && !state.references().isEmpty()) {
      return Optional.of(conflict(ACTIVE_REFERENCE, id12, Severity.SOFT, false,
          "image is referenced in multiple repositories"));
    }
    if (mask.contains(STOPPED_CONTAINER)) {
      Optional<ContainerUse> stopped = state.firstStoppedContainer();
      if (stopped.isPresent()) {
        return Optional.of(conflict(STOPPED_CONTAINER, id12, Severity.SOFT, true,
            "image is being used by stopped container " + stopped.get().shortId()));
      }
    }
    return Optional.empty();
  }

  private static Conflict conflict(ConflictKind kind, String id12, Severity severity,
      boolean used, String why) {
    String forceMessage = severity == Severity.HARD ? "cannot be forced" : "must be forced";
    return new Conflict(severity, used,
        String.format("conflict: unable to delete %s (%s) - %s", id12, forceMessage, why),
        Rejection.Blockers.NONE, kind);
  }
}
