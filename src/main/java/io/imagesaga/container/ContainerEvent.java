package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import java.time.Instant;

/** The journal of one container. */
public sealed interface ContainerEvent extends CborSerializable {
  Instant at();

  record Created(ContainerSpec spec, Instant at) implements ContainerEvent {}

  record Started(Instant at) implements ContainerEvent {}

  record Stopped(Instant at) implements ContainerEvent {}

  record Removed(Instant at) implements ContainerEvent {}
}
