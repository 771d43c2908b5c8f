package io.imagesaga.fleet;

import io.imagesaga.AskTimeouts;
import io.imagesaga.RejectedException;
import io.imagesaga.fleet.FleetDeleteCommand.Current;
import io.imagesaga.fleet.FleetDeleteCommand.Refused;
import io.imagesaga.fleet.FleetDeleteCommand.Reply;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Starts fleet deletes ({@link FleetDeleteEntity}) and reads where they stand. */
public final class FleetDeletes {
  private final ActorSystem<?> system;
  private final FleetSettings settings;

  private FleetDeletes(ActorSystem<?> system, FleetSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /**
   * Registers the saga with sharding; call once per agent. The entity type remembers its
   * entities, in Pekko's event-sourced store on the fleet's PostgreSQL journal, so when an
   * agent dies the shard its fleet deletes were in starts on a survivor and restarts every one
   * it remembers, which carries on from its journal. That is the shard's own job, with nothing
   * to poll (a wake-up from the read journal would have to find the open sagas, and tell which
   * agent should wake each). Each saga passivates itself once finished and answered, which takes
   * it out of the remembered set, so the set holds only what is open; never passivated by
   * sharding (an idle one would lose its retry timer).
   */
  public static FleetDeletes init(ActorSystem<?> system, FleetDeleteDependencies deps) {
    ClusterSharding.get(system).init(Entity.of(FleetDeleteEntity.ENTITY_TYPE_KEY,
            ctx -> FleetDeleteEntity.create(ctx.getEntityId(), deps, Optional.of(ctx.getShard())))
        .withSettings(ClusterShardingSettings.create(system)
            .withRememberEntities(true)
            .withRememberEntitiesStoreMode(
                ClusterShardingSettings.rememberEntitiesStoreModeEventSourced())
            .withNoPassivationStrategy()));
    return new FleetDeletes(system, deps.settings());
  }

  /**
   * Runs a new fleet delete: its state once finished, or as it stands when {@code saga-timeout}
   * passed first (not finished: it carries on). Fails with the refusal when it is refused before
   * any host is asked, or {@link io.imagesaga.Rejection.Unavailable} when it cannot be read.
   */
  public CompletionStage<FleetDeleteState> start(FleetDeleteCommand.Request request) {
    String id = UUID.randomUUID().toString();
    return ref(id).<Reply>ask(replyTo -> new FleetDeleteCommand.Start(request, replyTo),
            settings.sagaTimeout())
        .handle((reply, failure) -> failure == null
            ? CompletableFuture.completedFuture(reply).thenApply(FleetDeletes::state)
            : AskTimeouts.isTimeout(failure) ? get(id)
            : CompletableFuture.<FleetDeleteState>failedFuture(failure))
        .thenCompose(state -> state);
  }

  /** Where fleet delete {@code id} stands; 404 if there is none. */
  public CompletionStage<FleetDeleteState> get(String id) {
    return AskTimeouts.waitingFor("fleet delete " + id, settings.hostTimeout(),
            ref(id).<Reply>ask(FleetDeleteCommand.Get::new, settings.hostTimeout()))
        .thenApply(FleetDeletes::state);
  }

  private EntityRef<FleetDeleteCommand> ref(String id) {
    return ClusterSharding.get(system).entityRefFor(FleetDeleteEntity.ENTITY_TYPE_KEY, id);
  }

  private static FleetDeleteState state(Reply reply) {
    if (reply instanceof Refused refused) {
      throw new RejectedException(refused.rejection());
    }
    return ((Current) reply).state();
  }
}
