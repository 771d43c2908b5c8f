package io.imagesaga.deletion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.Rejection;
import java.util.List;
import java.util.Optional;

/**
 * Where one delete saga stands: NEW until its plan is journaled, STARTED until it has finished
 * (or failed, or been abandoned), then ENDED for good.
 *
 * @param plan null while NEW
 * @param records once ENDED by {@link DeletionEvent.Finished}, its records; else null
 * @param refusal once ENDED by {@link DeletionEvent.Failed}, its rejection; else null (ENDED
 *     with neither: abandoned). A start asked again is answered from them.
 */
public record DeletionState(Phase phase, DeletePlan plan, List<DeleteRecord> records,
    Rejection refusal) implements CborSerializable {

  public enum Phase {
    NEW,
    STARTED,
    ENDED
  }

  public static DeletionState initial() {
    return new DeletionState(Phase.NEW, null, null, null);
  }

  @JsonIgnore
  public boolean isStarted() {
    return phase == Phase.STARTED;
  }

  /** The answer the saga gave (or would have given) its client, once it has ended. */
  @JsonIgnore
  public Optional<DeletionCommand.Result> result() {
    if (phase != Phase.ENDED) {
      return Optional.empty();
    } else if (records != null) {
      return Optional.of(new DeletionCommand.Finished(records));
    } else if (refusal != null) {
      return Optional.of(new DeletionCommand.Refused(refusal));
    }
    return Optional.of(DeletionCommand.Abandoned.INSTANCE);
  }

  public DeletionState apply(DeletionEvent event) {
    if (event instanceof DeletionEvent.Started started) {
      return new DeletionState(Phase.STARTED, started.plan(), null, null);
    } else if (event instanceof DeletionEvent.Finished finished) {
      return new DeletionState(Phase.ENDED, plan, finished.records(), null);
    } else if (event instanceof DeletionEvent.Failed failed) {
      return new DeletionState(Phase.ENDED, plan, null, failed.rejection());
    }
    return new DeletionState(Phase.ENDED, plan, null, null);
  }
}
