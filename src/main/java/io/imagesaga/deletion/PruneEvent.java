package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import java.time.Instant;

/** The journal of one node's prunes. */
public sealed interface PruneEvent extends CborSerializable {
  Instant at();

  /** A prune ended, having freed {@code reclaimed} bytes of layers. */
  record Completed(long reclaimed, Instant at) implements PruneEvent {}

  /** A dry run made this plan. */
  record Planned(PrunePlan plan, Instant at) implements PruneEvent {}

  /** The plan went to be executed; it cannot be executed again. */
  record PlanTaken(String token, Instant at) implements PruneEvent {}
}
