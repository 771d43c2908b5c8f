package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import java.time.Instant;
import java.util.List;

/** The journal of one delete saga: where it stood, so that a crash never leaves it half done. */
public sealed interface DeletionEvent extends CborSerializable {
  Instant at();

  /**
   * Written before the first step changes anything: from here the saga will be finished.
   *
   * @param provenance who asked; {@link Provenance#UNRECORDED} in events journaled before it
   *     was recorded
   */
  record Started(DeletePlan plan, Provenance provenance, Instant at) implements DeletionEvent {
    public Started {
      provenance = Provenance.orUnrecorded(provenance);
    }
  }

  /** The delete is complete; the records are what the client was (or would have been) told. */
  record Finished(List<DeleteRecord> records, Instant at) implements DeletionEvent {}

  /** The delete was refused; what a step changed before the refusal stays, as with moby. */
  record Failed(Rejection rejection, Instant at) implements DeletionEvent {}

  /**
   * A crash came before the first step changed anything: the saga is dropped, not done late,
   * since its client never had an answer.
   */
  record Abandoned(Instant at) implements DeletionEvent {}
}
