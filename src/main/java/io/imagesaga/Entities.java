package io.imagesaga;

import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerNameCommand;
import io.imagesaga.container.ContainerNameEntity;
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
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Typed asks to the sharded entities, one method per entity type, with the configured timeout.
 * Wherever the entity lives in the cluster, callers address it by its business key.
 *
 * <p>The node's instance is for saga steps: a timeout fails the stage as a timeout, which the
 * saga takes for an interruption and retries. {@link #forClients()} is the same for the asks a
 * request waits on: a timeout there is {@link Rejection.Unavailable} naming the entity.
 */
public final class Entities {
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final boolean forClients;

  public Entities(ActorSystem<?> system, Duration timeout) {
    this(ClusterSharding.get(system), timeout, false);
  }

  private Entities(ClusterSharding sharding, Duration timeout, boolean forClients) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.forClients = forClients;
  }

  /** These entities, asked on a request's path: see {@link AskTimeouts#waitingFor}. */
  public Entities forClients() {
    return new Entities(sharding, timeout, true);
  }

  public <R> CompletionStage<R> image(
      ImageId id, Function<ActorRef<R>, ImageCommand> command) {
    return ask(sharding.entityRefFor(ImageEntity.ENTITY_TYPE_KEY, id.toString()), command,
        "image " + id);
  }

  public <R> CompletionStage<R> repository(
      String name, Function<ActorRef<R>, RepositoryCommand> command) {
    return ask(sharding.entityRefFor(RepositoryEntity.ENTITY_TYPE_KEY, name), command,
        "repository " + name);
  }

  public <R> CompletionStage<R> layer(
      Digest chainId, Function<ActorRef<R>, LayerCommand> command) {
    return ask(sharding.entityRefFor(LayerEntity.ENTITY_TYPE_KEY, chainId.toString()), command,
        "layer " + chainId);
  }

  public <R> CompletionStage<R> container(
      String id, Function<ActorRef<R>, ContainerCommand> command) {
    return ask(sharding.entityRefFor(ContainerEntity.ENTITY_TYPE_KEY, id), command,
        "container " + id);
  }

  /** The holder of the container name {@code name} (without its leading {@code /}). */
  public <R> CompletionStage<R> containerName(
      String name, Function<ActorRef<R>, ContainerNameCommand> command) {
    return ask(sharding.entityRefFor(ContainerNameEntity.ENTITY_TYPE_KEY, name), command,
        "the container name /" + name);
  }

  /** The prunes of {@code node}. */
  public <R> CompletionStage<R> prune(
      String node, Function<ActorRef<R>, PruneCommand> command) {
    return ask(sharding.entityRefFor(PruneEntity.ENTITY_TYPE_KEY, node), command,
        "the prunes of node " + node);
  }

  private <C, R> CompletionStage<R> ask(
      EntityRef<C> entity, Function<ActorRef<R>, C> command, String what) {
    CompletionStage<R> answer = Replies.direct(entity.ask(command::apply, timeout));
    return forClients ? AskTimeouts.waitingFor(what, timeout, answer) : answer;
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
