package io.imagesaga.layer;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * The journal of one layer chain ID. Each holder event names its step ({@code <saga>/<holder
 * ID>}) and its {@link Holder}; events journaled before holders had incarnations have no
 * {@code holder}, which is then the ID at the end of the step ({@link #holder}).
 */
public sealed interface LayerEvent extends CborSerializable {
  Instant at();

  /** The layer now exists with its first holder (and holds its parent): a new incarnation. */
  record Created(Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob,
      String step, Instant at, Holder holder) implements LayerEvent {}

  /** Another holder, for the step named. */
  record HolderAdded(Instant at, String step, Holder holder) implements LayerEvent {}

  /** A holder let go, for the release step named. */
  record HolderReleased(Instant at, String step, Holder holder) implements LayerEvent {}

  /**
   * The last holder let go, for the release step named: the layer is gone and its parent loses
   * a holder.
   */
  record Removed(Instant at, String step, Holder holder) implements LayerEvent {}

  /** Saga {@code sagaId} has ended: its steps need no answer any more. */
  record StepsForgotten(String sagaId, Instant at) implements LayerEvent {}

  /** The holder an event names, from its step when it was journaled without one. */
  static Holder holder(String step, Holder holder) {
    return holder != null ? holder : Holder.named(step);
  }
}
