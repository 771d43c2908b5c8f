package io.imagesaga.deletion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;

/**
 * Where one delete saga stands: NEW until its plan is journaled, STARTED until it has finished
 * (or failed, or been abandoned), then ENDED for good.
 *
 * @param plan null while NEW
 */
public record DeletionState(Phase phase, DeletePlan plan) implements CborSerializable {

  public enum Phase {
    NEW,
    STARTED,
    ENDED
  }

  public static DeletionState initial() {
    return new DeletionState(Phase.NEW, null);
  }

  @JsonIgnore
  public boolean isStarted() {
    return phase == Phase.STARTED;
  }

  public DeletionState apply(DeletionEvent event) {
    if (event instanceof DeletionEvent.Started started) {
      return new DeletionState(Phase.STARTED, started.plan());
    }
    return new DeletionState(Phase.ENDED, plan);
  }
}
