package io.imagesaga.image;

import static io.imagesaga.image.ConflictKind.IMPORT_IN_PROGRESS;
import static io.imagesaga.image.ConflictKind.STOPPED_CONTAINER;

import io.imagesaga.GoText;
import io.imagesaga.Rejection;
import io.imagesaga.Rejection.Conflict;
import io.imagesaga.Rejection.Severity;
import io.imagesaga.image.ImageEvent.ChildRemoved;
import io.imagesaga.image.ImageEvent.Deleted;
import io.imagesaga.image.ImageEvent.RemovedReference;
import io.imagesaga.image.ImageEvent.Untagged;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The per-image half of moby's {@code daemon/images/image_delete.go}, as pure functions of an
 * {@link ImageState}. Each function decides everything one image does for one request, so that
 * checking a conflict and acting on it is a single atomic step of that image's entity.
 *
 * <p>Every function expects a PRESENT image; the entity answers for the others.
 *
 * <p>What happens beyond the image (repositories forgetting references, layers being released,
 * the parent being pruned) is the saga's part; the {@link ImageDeleteStep} tells it what to do.
 * The algorithm and the messages (M1 to M5) are stated in docs/semantics.md.
 */
public final class ImageDelete {

  /** How a conflict found by {@link #helper} is reported. */
  public enum Mode {
    /** The conflict is the answer to the request. */
    REPORT,
    /** The image is quietly left alone: after an untag, and when pruning parents. */
    QUIET
  }

  private ImageDelete() {}

  /**
   * The repository-reference branch of moby's {@code ImageDelete}: removes {@code requested}
   * (already given its default tag) from this image.
   *
   * <p>Unless {@code force}, when the image's references are a single reference
   * ({@link #isSingleReference}) and any container, running or not, uses the image, the untag is
   * refused (M5), because it would leave the container on a dangling image. When a tag was
   * removed and no other tag of the same repository remains, the digest references of that
   * repository go too, silently (no untag event). If references remain, that is all; otherwise
   * the image is deleted as by {@link #helper} in {@link Mode#QUIET} mode.
   *
   * @param input the name exactly as the client typed it, quoted in M5
   */
  public static DeleteDecision untag(
      ImageState state, NamedReference requested, String input, boolean force, Instant now) {
    NamedReference stored = requested.favorDigest();
    if (!state.references().contains(stored)) {
      return DeleteDecision.reject(
          new Rejection.NotFound("No such image: " + requested.familiarString()));
    }
    if (!force && isSingleReference(state.references())) {
      Optional<ContainerUse> user = state.firstContainer(false);
      if (user.isPresent()) {
        return DeleteDecision.reject(new Conflict(Severity.HARD, false, String.format(
            "conflict: unable to remove repository reference %s (must force) - container %s"
                + " is using its referenced image %s",
            GoText.quote(input), user.get().shortId(), state.id().shortId()),
        ImageConflicts.blockers(state),
        user.get().running() ? ConflictKind.RUNNING_CONTAINER : ConflictKind.STOPPED_CONTAINER));
      }
    }
    List<RemovedReference> removed = new ArrayList<>(List.of(new RemovedReference(stored, true)));
    List<String> records = new ArrayList<>(List.of(requested.familiarString()));
    if (!requested.isCanonical()) {
      removed.addAll(digestsLeftWithoutTag(state, stored));
      removed.stream().skip(1).forEach(u -> records.add(u.reference().familiarString()));
    }
    Untagged untagged = new Untagged(removed, now);
    ImageState after = state.apply(untagged);
    ImageDeleteStep untagStep = new ImageDeleteStep(
        records, ImageEvent.referencesOf(untagged), false, Optional.empty(), Optional.empty());
    if (!after.references().isEmpty()) {
      return DeleteDecision.done(List.of(untagged), untagStep);
    }
    if (after.isLeased(now)) {
      // An image being imported keeps its last name: the import is still applying its tags.
      return DeleteDecision.reject(ImageConflicts.first(after, EnumSet.of(IMPORT_IN_PROGRESS), now)
          .orElseThrow());
    }
    return helper(after, force, Mode.QUIET, now).after(List.of(untagged), untagStep);
  }

  /**
   * The image-ID branch of moby's {@code ImageDelete} (the input was an ID or an ID prefix).
   *
   * <p>When the references are a single reference, they are all removed first, provided there
   * is no hard conflict and, unless {@code force}, no stopped container: the ID names the image
   * itself, so its one name does not protect it. With several tags, or references in several
   * repositories, {@link #helper} reports M3 unless {@code force}.
   */
  public static DeleteDecision byId(ImageState state, boolean force, Instant now) {
    if (!isSingleReference(state.references())) {
      return helper(state, force, Mode.REPORT, now);
    }
    Set<ConflictKind> mask = force ? ConflictKind.HARD
        : ConflictKind.union(ConflictKind.HARD, EnumSet.of(STOPPED_CONTAINER));
    Optional<Conflict> conflict = ImageConflicts.check(state, mask, now);
    if (conflict.isPresent()) {
      return DeleteDecision.reject(conflict.get());
    }
    Untagged untagged = untagAll(state, now);
    ImageDeleteStep untagStep = untagStep(untagged);
    return helper(state.apply(untagged), force, Mode.REPORT, now)
        .after(List.of(untagged), untagStep);
  }

  /**
   * A child of this image was deleted (its incarnations up to {@code generation} are gone; a
   * later one a load registered meanwhile stays listed). With {@code prune}, this image is then
   * deleted too if nothing holds it, quietly and never forced (the tail of moby's
   * {@code imageDeleteHelper}).
   */
  public static DeleteDecision releaseChild(
      ImageState state, ImageId child, long generation, boolean prune, Instant now) {
    List<ImageEvent> released = state.releases(child, generation)
        ? List.of(new ChildRemoved(child, generation, now)) : List.of();
    ImageState after = released.isEmpty() ? state : state.apply(released.get(0));
    if (!prune) {
      return DeleteDecision.done(released, ImageDeleteStep.nothing());
    }
    return helper(after, false, Mode.QUIET, now).after(released, ImageDeleteStep.nothing());
  }

  /**
   * moby's {@code imageDeleteHelper} for one image: refuses on a hard conflict, and on a soft one
   * unless {@code force}; otherwise removes every remaining reference (announced) and deletes the
   * image. In {@link Mode#QUIET} a conflict leaves the image alone without error, unless the
   * image is dangling and the conflict is not a container's (which moby reports even then).
   */
  static DeleteDecision helper(ImageState state, boolean force, Mode mode, Instant now) {
    Set<ConflictKind> mask = force ? ConflictKind.HARD : ConflictKind.ALL;
    Optional<Conflict> conflict = ImageConflicts.check(state, mask, now);
    if (conflict.isPresent()) {
      boolean swallow = mode == Mode.QUIET && (!state.isDangling() || conflict.get().used());
      return swallow
          ? DeleteDecision.done(List.of(), ImageDeleteStep.nothing())
          : DeleteDecision.reject(conflict.get());
    }
    List<ImageEvent> events = new ArrayList<>();
    ImageDeleteStep untagStep = ImageDeleteStep.nothing();
    if (!state.references().isEmpty()) {
      Untagged untagged = untagAll(state, now);
      events.add(untagged);
      untagStep = untagStep(untagged);
    }
    events.add(new Deleted(now));
    ImageMetadata image = state.metadata();
    ImageDeleteStep deleted = new ImageDeleteStep(untagStep.untagged(),
        untagStep.removedReferences(), true, image.parent(), image.topLayer(),
        state.registeredBy(), state.generation() + 1);
    return DeleteDecision.done(events, deleted);
  }

  /**
   * moby's {@code isSingleReference}: true when all references are in one repository and at
   * most one of them is a tag; false for none.
   */
  public static boolean isSingleReference(Collection<NamedReference> references) {
    if (references.size() <= 1) {
      return references.size() == 1;
    }
    NamedReference single = null;
    Set<String> canonicalRepositories = new HashSet<>();
    for (NamedReference ref : references) {
      if (ref.isCanonical()) {
        canonicalRepositories.add(ref.repository().name());
      } else if (single == null) {
        single = ref;
      } else {
        return false;
      }
    }
    if (single == null) {
      single = references.iterator().next();
    }
    return canonicalRepositories.size() == 1
        && canonicalRepositories.contains(single.repository().name());
  }

  private static List<RemovedReference> digestsLeftWithoutTag(ImageState state, NamedReference removed) {
    List<NamedReference> sameRepository = state.references().stream()
        .filter(r -> !r.equals(removed) && r.repository().equals(removed.repository()))
        .toList();
    if (sameRepository.stream().anyMatch(r -> !r.isCanonical())) {
      return List.of();
    }
    return sameRepository.stream().map(r -> new RemovedReference(r, false)).toList();
  }

  private static Untagged untagAll(ImageState state, Instant now) {
    return new Untagged(
        state.references().stream().map(r -> new RemovedReference(r, true)).toList(), now);
  }

  private static ImageDeleteStep untagStep(Untagged untagged) {
    List<NamedReference> refs = ImageEvent.referencesOf(untagged);
    return new ImageDeleteStep(refs.stream().map(NamedReference::familiarString).toList(), refs,
        false, Optional.empty(), Optional.empty());
  }

}
