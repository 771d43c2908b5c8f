package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import io.imagesaga.Rejection;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link ContainerEntity} is asked to do. */
public sealed interface ContainerCommand extends CborSerializable {

  record Create(ContainerSpec spec, ActorRef<Confirmation> replyTo) implements ContainerCommand {}

  /**
   * Start the container for {@code operationId}, decided when the container was at generation
   * {@code basedOn} (see {@link ContainerState#generation()}). It applies only at that
   * generation; asked again once applied, it answers {@link Changed} as the first time; after
   * any other start or stop it is {@link Superseded}. Without {@code basedOn} (an operation
   * journaled before starts and stops were ordered) it applies whenever the status differs.
   */
  record Start(String operationId, Optional<Long> basedOn, ActorRef<Transition> replyTo)
      implements ContainerCommand {}

  /** Stop the container: as {@link Start}. */
  record Stop(String operationId, Optional<Long> basedOn, ActorRef<Transition> replyTo)
      implements ContainerCommand {}

  /** Removes the container; a running one only with {@code force} (which stops it first). */
  record Remove(boolean force, ActorRef<Transition> replyTo) implements ContainerCommand {}

  record Get(ActorRef<ContainerState> replyTo) implements ContainerCommand {}

  /** Reply to a lifecycle command. */
  sealed interface Transition extends CborSerializable
      permits Changed, Unchanged, Superseded, Rejected {}

  /** The container moved to a new status; {@code state} is the result. */
  record Changed(ContainerState state) implements Transition {}

  /** Already in the requested status (HTTP 304 for start and stop). */
  record Unchanged(ContainerState state) implements Transition {}

  /**
   * Another start or stop changed the container after this one was decided: nothing was done.
   * {@code state} is the container now.
   */
  record Superseded(ContainerState state) implements Transition {}

  record Rejected(Rejection rejection) implements Transition {}
}
