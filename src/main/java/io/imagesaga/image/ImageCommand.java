package io.imagesaga.image;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link ImageEntity} is asked to do. Every command gets a reply. */
public sealed interface ImageCommand extends CborSerializable {

  /**
   * Makes the image present as its incarnation at {@code generation} (see
   * {@link ImageState#generation}): the registrar added that incarnation to the parent first, so
   * an image whose generation moved on meanwhile (a delete, another registration) is answered
   * {@code MOVED} and changes nothing. A present image at that generation is answered
   * {@code ALREADY_PRESENT} (and takes the lease), or {@code CREATED} again when the operation
   * that registered it asks again. With a lease, the image is held by its import, so that no
   * delete can slip in before the import ends.
   */
  record Register(ImageMetadata metadata, String operationId, Optional<ImageState.Lease> lease,
      long generation, ActorRef<Registration> replyTo) implements ImageCommand {}

  enum Registration implements CborSerializable {
    CREATED,
    ALREADY_PRESENT,
    /** The image's generation is not the one asked for: look again and retry. */
    MOVED
  }

  record AddReference(NamedReference reference, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /** The reference was moved to another image; idempotent. */
  record RemoveReference(NamedReference reference, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /**
   * {@code child}'s incarnation at {@code generation} is a child of this image; a message about
   * an incarnation older than one this image already heard of changes nothing.
   */
  record AddChild(ImageId child, long generation, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /** A container is created on this image; refused unless the image is present. */
  record AttachContainer(String containerId, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  record SetContainerRunning(String containerId, boolean running, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  record DetachContainer(String containerId, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /**
   * A step of delete saga {@code sagaId}. Asked again by the same saga, a step that changed the
   * image is answered with its first outcome and not applied again.
   */
  sealed interface SagaStep extends ImageCommand {
    String sagaId();

    ActorRef<DeleteOutcome> replyTo();
  }

  /** {@link ImageDelete#untag}. */
  record Untag(NamedReference requested, String input, boolean force, String sagaId,
      ActorRef<DeleteOutcome> replyTo) implements SagaStep {}

  /** {@link ImageDelete#byId}. */
  record DeleteById(boolean force, String sagaId, ActorRef<DeleteOutcome> replyTo)
      implements SagaStep {}

  /** {@link ImageDelete#releaseChild}. */
  record ReleaseChild(ImageId child, long generation, boolean prune, String sagaId,
      ActorRef<DeleteOutcome> replyTo) implements SagaStep {}

  /**
   * What this image answered saga {@code sagaId}, if the step changed it; otherwise
   * {@link DeleteOutcome.NotTaken}. A resumed saga asks this before its first step, so that a
   * delete the crash interrupted before it changed anything is dropped rather than done late.
   */
  record RecallStep(String sagaId, ActorRef<DeleteOutcome> replyTo) implements ImageCommand {}

  /**
   * Saga {@code sagaId} has journaled its end and will not ask again: the image forgets the
   * steps it took for it (none is no error).
   */
  record Forget(String sagaId, ActorRef<Confirmation> replyTo) implements ImageCommand {}

  /**
   * Journals an action on the image that changes nothing in it but belongs in its history and
   * in {@code docker events} ({@code load}, {@code pull}); {@code actor} is the event's actor.
   */
  record Announce(String action, String actor, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /**
   * An import ({@code holder}) that writes this image or a child of it holds the image until
   * {@code expires}: deleting it is a hard conflict meanwhile. Taken again, it is extended.
   */
  record TakeLease(String holder, Instant expires, ActorRef<Confirmation> replyTo)
      implements ImageCommand {}

  /** The import ended; a lease already gone is no error. */
  record EndLease(String holder, ActorRef<Confirmation> replyTo) implements ImageCommand {}

  record Get(ActorRef<ImageState> replyTo) implements ImageCommand {}
}
