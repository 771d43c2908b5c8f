package io.imagesaga.image;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The journal of one image. Every event carries the instant it happened, because the journal
 * is also the audit log and the source of {@code docker events}.
 */
public sealed interface ImageEvent extends CborSerializable {
  Instant at();

  /** The image exists now, registered by operation {@code operationId}. */
  record Registered(ImageMetadata metadata, String operationId,
      Optional<ImageState.Lease> lease, Instant at) implements ImageEvent {}

  /** A tag or digest now points here ({@code docker tag}, a pull, a load). */
  record ReferenceAdded(NamedReference reference, Instant at) implements ImageEvent {}

  /** A tag was moved to another image; dockerd announces nothing for the loser. */
  record ReferenceRemoved(NamedReference reference, Instant at) implements ImageEvent {}

  /** References removed by a delete, in the order of the {@code Untagged} records. */
  record Untagged(List<RemovedReference> references, Instant at) implements ImageEvent {
    public Untagged {
      references = List.copyOf(references);
    }
  }

  /**
   * One removed reference. {@code announced} is false for the digest references that moby
   * cleans up silently after the last tag of their repository went.
   */
  record RemovedReference(NamedReference reference, boolean announced) implements CborSerializable {}

  record Deleted(Instant at) implements ImageEvent {}

  /** An action reported as an event only (see {@link ImageCommand.Announce}). */
  record Announced(String action, String actor, Instant at) implements ImageEvent {}

  /**
   * Written with the events of a delete step taken for saga {@code sagaId}, in the same atomic
   * write: what the image answered, for the saga to be given again if it asks again.
   *
   * @param untilForgotten true: remembered until the saga says to forget it; false in steps
   *     journaled before sagas did (see {@link io.imagesaga.StepMemory})
   */
  record StepTaken(String sagaId, DeleteOutcome outcome, Instant at, boolean untilForgotten)
      implements ImageEvent {}

  /** Saga {@code sagaId} has ended: its steps need no answer any more. */
  record StepsForgotten(String sagaId, Instant at) implements ImageEvent {}

  /** An import holds the image until it ends or {@code expires}. */
  record Leased(String holder, Instant expires, Instant at) implements ImageEvent {}

  record LeaseEnded(String holder, Instant at) implements ImageEvent {}

  /**
   * The incarnation of {@code child} registered at {@code generation} (see
   * {@link ImageState#generation}) is a child of this image. Journaled before 2026-12 without a
   * generation, which reads as 0.
   */
  record ChildAdded(ImageId child, long generation, Instant at) implements ImageEvent {}

  /**
   * {@code child}'s incarnations up to {@code generation} are not children of this image any
   * more: one was deleted, or registered under another parent. 0: an incarnation not known.
   */
  record ChildRemoved(ImageId child, long generation, Instant at) implements ImageEvent {}

  record ContainerAttached(String containerId, Instant at) implements ImageEvent {}

  record ContainerStateChanged(String containerId, boolean running, Instant at)
      implements ImageEvent {}

  record ContainerDetached(String containerId, Instant at) implements ImageEvent {}

  static List<NamedReference> referencesOf(Untagged untagged) {
    return untagged.references().stream().map(RemovedReference::reference).toList();
  }
}
