package io.imagesaga.operation;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.SagaKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Runs {@link OperationPlan}s as journaled operations; the open ones are woken through
 * {@link #SAGAS}.
 */
public final class Operations {
  /** Operations as the index of open sagas sees them. */
  public static final SagaKind<OperationCommand> SAGAS = SagaKind.of("operation",
      OperationEntity.TAG, event -> event instanceof OperationEvent.Started,
      OperationEntity.ENTITY_TYPE_KEY, OperationCommand.Resume.INSTANCE,
      OperationCommand.Settle::new);

  private final ActorSystem<?> system;
  private final Duration timeout;

  private Operations(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /**
   * Registers the operation entity with sharding; once per node, before any operation. As with
   * deletes, sharding never passivates one: each passivates itself after its final answer.
   */
  public static Operations init(ActorSystem<?> system, OperationRunner steps, Duration timeout) {
    ClusterSharding.get(system).init(Entity.of(OperationEntity.ENTITY_TYPE_KEY,
            ctx -> OperationEntity.create(ctx.getEntityId(), steps, Clock.systemUTC(),
                Optional.of(ctx.getShard())))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    return new Operations(system, timeout);
  }

  /**
   * Carries out {@code plan}, journaled with {@code provenance}; fails with the
   * {@link RejectedException} of a refused step.
   */
  public CompletionStage<Done> run(OperationPlan plan, Provenance provenance) {
    return ClusterSharding.get(system).entityRefFor(OperationEntity.ENTITY_TYPE_KEY,
            UUID.randomUUID().toString())
        .<OperationCommand.Result>ask(
            replyTo -> new OperationCommand.Start(plan, provenance, replyTo), timeout)
        .thenApply(result -> {
          if (result instanceof OperationCommand.Refused refused) {
            throw new RejectedException(refused.rejection());
          }
          return Done.getInstance();
        });
  }

}
