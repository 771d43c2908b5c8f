package io.imagesaga.operation;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import java.time.Instant;

/** The journal of one operation: its plan, then its end. */
public sealed interface OperationEvent extends CborSerializable {
  Instant at();

  /**
   * Journaled before the first step: from here the operation will be carried through.
   *
   * @param provenance who asked; {@link Provenance#UNRECORDED} in events journaled before it
   *     was recorded
   */
  record Started(OperationPlan plan, Provenance provenance, Instant at)
      implements OperationEvent {
    public Started {
      provenance = Provenance.orUnrecorded(provenance);
    }
  }

  record Completed(Instant at) implements OperationEvent {}

  /** An entity refused a step; what earlier steps did stays, and is consistent on its own. */
  record Refused(Rejection rejection, Instant at) implements OperationEvent {}
}
