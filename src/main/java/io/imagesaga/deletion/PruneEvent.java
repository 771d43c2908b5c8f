package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import java.time.Instant;
import java.util.List;

/** The journal of one node's prunes. */
public sealed interface PruneEvent extends CborSerializable {
  Instant at();

  /**
   * A prune ended, having freed {@code reclaimed} bytes of layers.
   *
   * @param key for a host's part of a fleet prune, the key it is done once for; null otherwise
   *     (and in events journaled before fleet prunes)
   * @param records with a key, what the prune deleted, answered to a re-ask; null otherwise
   */
  record Completed(long reclaimed, Instant at, String key, List<DeleteRecord> records)
      implements PruneEvent {

    /** A host's own prune. */
    public Completed(long reclaimed, Instant at) {
      this(reclaimed, at, null, null);
    }
  }

  /** A dry run made this plan (journaled by earlier builds; plans are now kept in memory). */
  record Planned(PrunePlan plan, Instant at) implements PruneEvent {}

  /** The plan went to be executed (earlier builds, as {@link Planned}). */
  record PlanTaken(String token, Instant at) implements PruneEvent {}
}
