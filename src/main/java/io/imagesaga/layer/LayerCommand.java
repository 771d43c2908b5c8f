package io.imagesaga.layer;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import io.imagesaga.reference.Digest;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link LayerEntity} is asked to do. */
public sealed interface LayerCommand extends CborSerializable {

  /**
   * {@code holder} holds this layer. A holder the layer has already changes nothing.
   *
   * @param blob the layer's content, staged by the caller: the layer owns it if this creates
   *     it; otherwise the layer keeps its own and the caller discards the staged one, unless the
   *     layer owns that very blob (it took it when this acquisition was first asked)
   * @param step names the acquisition within its operation ({@code <operation>/<holder ID>});
   *     asked again while the holder holds the layer, it is answered as the first time
   */
  record Acquire(Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob,
      String step, Holder holder, ActorRef<Acquired> replyTo) implements LayerCommand {

    /** The acquisition of a layer by {@code holder} for an operation. */
    public static Acquire of(Optional<Digest> parent, Digest diffId, long diffSize,
        Optional<String> blob, String operationId, Holder holder, ActorRef<Acquired> replyTo) {
      return new Acquire(parent, diffId, diffSize, blob, operationId + "/" + holder.id(),
          holder, replyTo);
    }
  }

  /**
   * Reply to {@link Acquire}: whether the acquisition created this incarnation of the layer, in
   * which case the caller must acquire the parent layer in turn, as
   * {@link Holder#layer}{@code (chainId, incarnation)}.
   */
  record Acquired(boolean created, long incarnation) implements CborSerializable {}

  /**
   * {@code holder} lets go; a holder the layer does not have changes nothing. {@code step} names
   * the release within its delete saga ({@code <saga>/<holder ID>}, since one saga may release a
   * layer for a child layer and again for an image): asked again, it is answered as the first
   * time (a removal is remembered until the saga says to forget it).
   */
  record Release(String step, Holder holder, ActorRef<Released> replyTo)
      implements LayerCommand {

    /** The release of a layer by {@code holder} for a saga. */
    public static Release of(String sagaId, Holder holder, ActorRef<Released> replyTo) {
      return new Release(sagaId + "/" + holder.id(), holder, replyTo);
    }
  }

  /** Reply to {@link Release}. */
  sealed interface Released extends CborSerializable permits Kept, Removed, NotHeld {}

  /** Other holders remain. */
  enum Kept implements Released {
    INSTANCE
  }

  /**
   * The layer is gone: its chain ID is a {@code Deleted} record, its blob (if any) is the
   * remover's to discard, then its parent is released by {@link Holder#layer}{@code (chainId,
   * incarnation)}.
   */
  record Removed(Digest chainId, Optional<Digest> parent, long diffSize, Optional<String> blob,
      long incarnation) implements Released {}

  /** The holder did not hold it: nothing to do. */
  enum NotHeld implements Released {
    INSTANCE
  }

  /**
   * Saga {@code sagaId} has journaled its end and will not ask again: the layer forgets the
   * steps it took for it (none is no error).
   */
  record Forget(String sagaId, ActorRef<Confirmation> replyTo) implements LayerCommand {}

  record Get(ActorRef<LayerState> replyTo) implements LayerCommand {}
}
