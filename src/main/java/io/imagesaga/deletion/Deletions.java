package io.imagesaga.deletion;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.SagaKind;
import io.imagesaga.reference.ImageId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts delete sagas ({@link DeletionEntity}), one per request; the open ones are woken
 * through {@link #SAGAS}.
 */
public final class Deletions {
  private static final Logger log = LoggerFactory.getLogger(Deletions.class);

  /** Deletes as the index of open sagas sees them. */
  public static final SagaKind<DeletionCommand> SAGAS = SagaKind.of("delete", DeletionEntity.TAG,
      event -> event instanceof DeletionEvent.Started, DeletionEntity.ENTITY_TYPE_KEY,
      DeletionCommand.Resume.INSTANCE, DeletionCommand.Settle::new);

  private final ActorSystem<?> system;
  private final Duration timeout;

  private Deletions(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /**
   * Registers the saga entity with sharding; call once per node, before any delete. Sharding
   * never passivates a saga (an idle or evicted one would lose its retry timer and its client's
   * answer): each passivates itself once it has given its final answer.
   */
  public static Deletions init(
      ActorSystem<?> system, DeletionDependencies deps, Duration timeout) {
    ClusterSharding.get(system).init(Entity.of(DeletionEntity.ENTITY_TYPE_KEY,
            ctx -> DeletionEntity.create(ctx.getEntityId(), deps, Optional.of(ctx.getShard())))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    return new Deletions(system, timeout);
  }

  /**
   * {@code DELETE /images/{name}} as a new saga: the records in moby's order, or a stage failed
   * with the {@link RejectedException} dockerd would answer.
   *
   * @param expected for a conditional delete, the image the name must still name
   * @param provenance who asked, journaled with the saga's plan
   */
  public CompletionStage<List<DeleteRecord>> delete(String name, DeleteOptions options,
      Optional<ImageId> expected, Provenance provenance) {
    long start = System.nanoTime();
    String sagaId = UUID.randomUUID().toString();
    return AskTimeouts.waitingForSaga("the delete of " + name + " (delete " + sagaId + ")",
            timeout, ClusterSharding.get(system).entityRefFor(DeletionEntity.ENTITY_TYPE_KEY,
                sagaId).<DeletionCommand.Result>ask(replyTo -> new DeletionCommand.Start(
                    name, options, expected, provenance, replyTo), timeout))
        .thenApply(result -> {
          ImageActionMetrics.observe("delete", Duration.ofNanos(System.nanoTime() - start));
          if (result instanceof DeletionCommand.Finished deleted) {
            return deleted.records();
          } else if (result instanceof DeletionCommand.Refused refused) {
            throw new RejectedException(refused.rejection());
          }
          log.warn("delete {} of {} could not resolve the name: {}", sagaId, name,
              ((DeletionCommand.Unavailable) result).reason());
          throw new RejectedException(new Rejection.Unavailable("the delete of " + name
              + " (delete " + sagaId + ") could not resolve the name; nothing was deleted,"
              + " try again"));
        });
  }

}
