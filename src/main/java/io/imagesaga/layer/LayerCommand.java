package io.imagesaga.layer;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link LayerEntity} is asked to do. */
public sealed interface LayerCommand extends CborSerializable {

  /**
   * A new holder for this layer. The reply says whether the layer was created by it, in which
   * case the caller must acquire the parent layer in turn.
   *
   * @param blob the layer's content, staged by the caller: the layer owns it if this creates
   *     it; otherwise the layer keeps its own and the caller discards the staged one
   * @param step names the acquisition within its operation (the operation and the holder):
   *     asked again with the same step, the answer is the first one and nothing is counted twice
   */
  record Acquire(Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob,
      String step, ActorRef<Acquired> replyTo) implements LayerCommand {}

  enum Acquired implements CborSerializable {
    CREATED,
    RETAINED
  }

  /**
   * A holder lets go. {@code step} names the release within its delete saga (the saga ID and the
   * holder, since one saga may release a layer for a child layer and again for an image): asked
   * again with the same step, the release is answered as the first time and not counted twice.
   */
  record Release(String step, ActorRef<Released> replyTo) implements LayerCommand {

    /** The release of a layer by {@code holder} (an image ID or a child chain ID) for a saga. */
    public static Release of(String sagaId, String holder, ActorRef<Released> replyTo) {
      return new Release(sagaId + "/" + holder, replyTo);
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
   * remover's to discard, then its parent is released.
   */
  record Removed(Digest chainId, Optional<Digest> parent, long diffSize, Optional<String> blob)
      implements Released {}

  /** Nobody held it: nothing to do. */
  enum NotHeld implements Released {
    INSTANCE
  }

  record Get(ActorRef<LayerState> replyTo) implements LayerCommand {}
}
