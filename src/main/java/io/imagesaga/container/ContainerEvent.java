package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import java.time.Instant;

/**
 * The journal of one container. A start or stop names the operation that made it (null in
 * events journaled before they did, and for the stop of a forced remove), so that the
 * operation, repeated, finds its own step taken.
 */
public sealed interface ContainerEvent extends CborSerializable {
  Instant at();

  record Created(ContainerSpec spec, Instant at) implements ContainerEvent {}

  record Started(Instant at, String operationId) implements ContainerEvent {
    public Started(Instant at) {
      this(at, null);
    }
  }

  record Stopped(Instant at, String operationId) implements ContainerEvent {
    public Stopped(Instant at) {
      this(at, null);
    }
  }

  record Removed(Instant at) implements ContainerEvent {}
}
