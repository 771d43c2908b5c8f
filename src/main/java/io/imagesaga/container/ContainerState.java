package io.imagesaga.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.container.ContainerEvent.Created;
import io.imagesaga.container.ContainerEvent.Removed;
import io.imagesaga.container.ContainerEvent.Started;
import io.imagesaga.container.ContainerEvent.Stopped;
import java.time.Instant;

/**
 * A container's lifecycle. "Stopped" includes containers that were created and never started,
 * as moby's stopped-container conflict does.
 *
 * @param spec null while ABSENT
 * @param changed when the status last changed (for {@code Up 3 minutes} / {@code Exited})
 * @param generation how many starts and stops the container has had (counted from the first
 *     event journaled with it): a start or stop is decided at one generation and applies only
 *     at that one, so one whose client gave up can never undo a later one
 * @param lastTransition the operation whose start or stop made this generation; null after a
 *     stop forced by a remove, and before any
 */
public record ContainerState(Status status, ContainerSpec spec, Instant changed,
    long generation, String lastTransition) implements CborSerializable {

  public enum Status {
    ABSENT,
    CREATED,
    RUNNING,
    EXITED,
    REMOVED
  }

  public static ContainerState absent() {
    return new ContainerState(Status.ABSENT, null, null, 0, null);
  }

  @JsonIgnore
  public boolean exists() {
    return status != Status.ABSENT && status != Status.REMOVED;
  }

  @JsonIgnore
  public boolean isRunning() {
    return status == Status.RUNNING;
  }

  public ContainerState apply(ContainerEvent event) {
    if (event instanceof Created e) {
      return new ContainerState(Status.CREATED, e.spec(), e.at(), generation, null);
    } else if (event instanceof Started e) {
      return new ContainerState(Status.RUNNING, spec, e.at(), generation + 1, e.operationId());
    } else if (event instanceof Stopped e) {
      return new ContainerState(Status.EXITED, spec, e.at(), generation + 1, e.operationId());
    } else if (event instanceof Removed e) {
      return new ContainerState(Status.REMOVED, spec, e.at(), generation, lastTransition);
    }
    throw new IllegalArgumentException("unknown container event " + event);
  }
}
