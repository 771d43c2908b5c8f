package io.imagesaga.fleet;

import io.imagesaga.SagaWaiters;
import io.imagesaga.fleet.FleetDeleteCommand.Reply;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Who waits on a {@link FleetDeleteEntity} (in memory, as {@link SagaWaiters}), and when the
 * saga leaves memory: its shard passivates it once it is finished and answered, or idle before
 * any plan, which also drops it from the entity type's remembered set.
 */
final class FleetDeleteClients {
  private final SagaWaiters<Reply> waiters = new SagaWaiters<>();
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final ActorRef<FleetDeleteCommand> self;

  /** {@code shard} is empty where the saga runs outside sharding (tests): it never passivates. */
  FleetDeleteClients(Optional<ActorRef<ClusterSharding.ShardCommand>> shard,
      ActorRef<FleetDeleteCommand> self) {
    this.shard = shard;
    this.self = self;
  }

  /** {@code replyTo} started the saga: it hears the end. */
  void client(ActorRef<Reply> replyTo) {
    waiters.client(replyTo);
  }

  /** {@code replyTo} asked for the saga again while it was planned or ran: it hears the end. */
  void askedAgain(ActorRef<Reply> replyTo) {
    waiters.askedAgain(replyTo);
  }

  /** The saga ended (refused, or its end journaled) with {@code reply}: all hear it; it leaves. */
  void ended(Reply reply) {
    waiters.ended(Optional.of(reply));
    passivate();
  }

  void passivate() {
    shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(self)));
  }

  /** Leaves once finished, or when nothing started it and no plan is being made. */
  void passivateIfIdle(FleetDeleteState state, boolean planning) {
    if (state.finished() || !state.isStarted() && !planning) {
      passivate();
    }
  }
}
