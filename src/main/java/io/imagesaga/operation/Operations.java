package io.imagesaga.operation;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
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
   * {@link RejectedException} of a refused step, or of {@link Rejection.Unavailable} when the
   * operation has not ended in time (it carries on).
   */
  public CompletionStage<Done> run(OperationPlan plan, Provenance provenance) {
    String operationId = UUID.randomUUID().toString();
    return AskTimeouts.waitingForSaga(describe(plan) + " (operation " + operationId + ")",
            timeout, AskTimeouts.on(system.executionContext(), ClusterSharding.get(system)
                .entityRefFor(OperationEntity.ENTITY_TYPE_KEY, operationId)
                .<OperationCommand.Result>ask(
                    replyTo -> new OperationCommand.Start(plan, provenance, replyTo), timeout)))
        .thenApply(result -> {
          if (result instanceof OperationCommand.Refused refused) {
            throw new RejectedException(refused.rejection());
          }
          return Done.getInstance();
        });
  }

  /** What the operation does, for a client that waited too long for it. */
  static String describe(OperationPlan plan) {
    if (plan instanceof OperationPlan.SetReference p) {
      return "the tag " + p.reference().familiarString();
    } else if (plan instanceof OperationPlan.RegisterImage p) {
      return "the registration of image " + p.metadata().id().shortId();
    } else if (plan instanceof OperationPlan.CreateContainer p) {
      return "the create of container /" + p.spec().name();
    } else if (plan instanceof OperationPlan.RemoveContainer p) {
      return "the removal of container " + p.containerId();
    }
    OperationPlan.RunContainer p = (OperationPlan.RunContainer) plan;
    return (p.running() ? "the start" : "the stop") + " of container " + p.containerId();
  }
}
