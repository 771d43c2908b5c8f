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
 */
public record ContainerState(Status status, ContainerSpec spec, Instant changed)
    implements CborSerializable {

  public enum Status {
    ABSENT,
    CREATED,
    RUNNING,
    EXITED,
    REMOVED
  }

  public static ContainerState absent() {
    return new ContainerState(Status.ABSENT, null, null);
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
      return new ContainerState(Status.CREATED, e.spec(), e.at());
    } else if (event instanceof Started e) {
      return new ContainerState(Status.RUNNING, spec, e.at());
    } else if (event instanceof Stopped e) {
      return new ContainerState(Status.EXITED, spec, e.at());
    } else if (event instanceof Removed e) {
      return new ContainerState(Status.REMOVED, spec, e.at());
    }
    throw new IllegalArgumentException("unknown container event " + event);
  }
}
