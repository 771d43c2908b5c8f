package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import io.imagesaga.Rejection;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link ContainerEntity} is asked to do. */
public sealed interface ContainerCommand extends CborSerializable {

  record Create(ContainerSpec spec, ActorRef<Confirmation> replyTo) implements ContainerCommand {}

  record Start(ActorRef<Transition> replyTo) implements ContainerCommand {}

  record Stop(ActorRef<Transition> replyTo) implements ContainerCommand {}

  /** Removes the container; a running one only with {@code force} (which stops it first). */
  record Remove(boolean force, ActorRef<Transition> replyTo) implements ContainerCommand {}

  record Get(ActorRef<ContainerState> replyTo) implements ContainerCommand {}

  /** Reply to a lifecycle command. */
  sealed interface Transition extends CborSerializable permits Changed, Unchanged, Rejected {}

  /** The container moved to a new status; {@code state} is the result. */
  record Changed(ContainerState state) implements Transition {}

  /** Already in the requested status (HTTP 304 for start and stop). */
  record Unchanged(ContainerState state) implements Transition {}

  record Rejected(Rejection rejection) implements Transition {}
}
