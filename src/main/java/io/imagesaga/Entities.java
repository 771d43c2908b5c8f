package io.imagesaga;

import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerEntity;
import io.imagesaga.deletion.PruneCommand;
import io.imagesaga.deletion.PruneEntity;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.repository.RepositoryEntity;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Typed asks to the sharded entities, one method per entity type, with the configured timeout.
 * Wherever the entity lives in the cluster, callers address it by its business key.
 */
public final class Entities {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public Entities(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public <R> CompletionStage<R> image(
      ImageId id, Function<ActorRef<R>, ImageCommand> command) {
    return sharding.entityRefFor(ImageEntity.ENTITY_TYPE_KEY, id.toString())
        .ask(command::apply, timeout);
  }

  public <R> CompletionStage<R> repository(
      String name, Function<ActorRef<R>, RepositoryCommand> command) {
    return sharding.entityRefFor(RepositoryEntity.ENTITY_TYPE_KEY, name)
        .ask(command::apply, timeout);
  }

  public <R> CompletionStage<R> layer(
      Digest chainId, Function<ActorRef<R>, LayerCommand> command) {
    return sharding.entityRefFor(LayerEntity.ENTITY_TYPE_KEY, chainId.toString())
        .ask(command::apply, timeout);
  }

  public <R> CompletionStage<R> container(
      String id, Function<ActorRef<R>, ContainerCommand> command) {
    return sharding.entityRefFor(ContainerEntity.ENTITY_TYPE_KEY, id)
        .ask(command::apply, timeout);
  }

  /** The prunes of {@code node}. */
  public <R> CompletionStage<R> prune(
      String node, Function<ActorRef<R>, PruneCommand> command) {
    return sharding.entityRefFor(PruneEntity.ENTITY_TYPE_KEY, node)
        .ask(command::apply, timeout);
  }

  /** Unwraps a {@link Confirmation}, failing the stage with the typed rejection. */
  public static CompletionStage<Confirmation> confirmed(CompletionStage<Confirmation> reply) {
    return reply.thenApply(c -> {
      if (c instanceof Confirmation.Rejected r) {
        throw new RejectedException(r.rejection());
      }
      return c;
    });
  }
}
