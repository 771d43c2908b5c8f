package io.imagesaga.layer;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import java.time.Instant;
import java.util.Optional;

/** The journal of one layer chain ID. */
public sealed interface LayerEvent extends CborSerializable {
  Instant at();

  /** The layer now exists with its first holder (and holds its parent). */
  record Created(Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob,
      String step, Instant at) implements LayerEvent {}

  /** Another holder, for the step named. */
  record HolderAdded(Instant at, String step) implements LayerEvent {}

  /** A holder let go, for the release step named. */
  record HolderReleased(Instant at, String step) implements LayerEvent {}

  /**
   * The last holder let go, for the release step named: the layer is gone and its parent loses
   * a holder.
   */
  record Removed(Instant at, String step) implements LayerEvent {}
}
