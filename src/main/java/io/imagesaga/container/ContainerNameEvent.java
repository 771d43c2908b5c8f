package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import java.time.Instant;

/** The journal of one container name: who held it, from when to when. */
public sealed interface ContainerNameEvent extends CborSerializable {
  Instant at();

  record Reserved(String containerId, Instant at) implements ContainerNameEvent {}

  record Released(String containerId, Instant at) implements ContainerNameEvent {}
}
