package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link ContainerNameEntity} is asked to do. */
public sealed interface ContainerNameCommand extends CborSerializable {

  /**
   * Hold the name for {@code containerId}: confirmed when it was free or is held by that
   * container already (a create carried on after a crash asks again); otherwise refused with
   * dockerd's conflict, naming the holder.
   */
  record Reserve(String containerId, ActorRef<Confirmation> replyTo)
      implements ContainerNameCommand {}

  /**
   * Free the name if {@code containerId} holds it; confirmed either way, so that a late or
   * repeated release never frees a name another container took meanwhile.
   */
  record Release(String containerId, ActorRef<Confirmation> replyTo)
      implements ContainerNameCommand {}

  record Get(ActorRef<ContainerNameEntity.Holder> replyTo) implements ContainerNameCommand {}
}
