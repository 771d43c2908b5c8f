package io.imagesaga.deletion;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.SagaKind;
import io.imagesaga.reference.ImageId;
import io.imagesaga.deletion.DeletionCommand.Start;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

  /** How many sagas of one key may be abandoned before {@link #deleteOnce} gives up. */
  private static final int ATTEMPTS = 16;

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final ImageActionMetrics actions;

  private Deletions(ActorSystem<?> system, Duration timeout, ImageActionMetrics actions) {
    this.system = system;
    this.timeout = timeout;
    this.actions = actions;
  }

  /**
   * Registers the saga entity with sharding; call once per node, before any delete. Sharding
   * never passivates a saga (an idle or evicted one would lose its retry timer and its client's
   * answer): each passivates itself once it has given its final answer.
   *
   * @param actions where a delete that succeeded is timed, as dockerd times its deletes
   */
  public static Deletions init(ActorSystem<?> system, DeletionDependencies deps,
      Duration timeout, ImageActionMetrics actions) {
    ClusterSharding.get(system).init(Entity.of(DeletionEntity.ENTITY_TYPE_KEY,
            ctx -> DeletionEntity.create(ctx.getEntityId(), deps, Optional.of(ctx.getShard())))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    return new Deletions(system, timeout, actions);
  }

  /**
   * {@code DELETE /images/{name}} as a new saga: the records in moby's order, or a stage failed
   * with the {@link RejectedException} dockerd would answer. A delete that succeeded is timed
   * under {@code engine_daemon_image_actions_seconds{action="delete"}}; as in dockerd, a refused
   * one is not.
   *
   * @param expected for a conditional delete, the image the name must still name
   * @param provenance who asked, journaled with the saga's plan
   */
  public CompletionStage<List<DeleteRecord>> delete(String name, DeleteOptions options,
      Optional<ImageId> expected, Provenance provenance) {
    long start = System.nanoTime();
    String sagaId = UUID.randomUUID().toString();
    return ask(sagaId, new Start(name, options, expected, provenance, List.of(), null))
        .thenApply(result -> {
          List<DeleteRecord> records = records(sagaId, name, result);
          actions.succeeded(ImageActionMetrics.DELETE, start);
          return records;
        });
  }

  /**
   * A delete done at most once for {@code key} (a host's part of a fleet delete): its saga's ID
   * is derived from the key, so asking again answers the first result, at once if the saga
   * ended or when it ends, and never deletes twice. A saga abandoned after a crash deleted
   * nothing: the next ID derived from the key runs in its place, the same way every time. Not
   * timed as an image action: an answer asked again would be timed, and counted, twice.
   *
   * @param protectedPatterns the fleet's protected list, checked against the image the name
   *     resolves to before anything is journaled
   */
  public CompletionStage<List<DeleteRecord>> deleteOnce(String key, String name,
      DeleteOptions options, List<String> protectedPatterns, Provenance provenance) {
    return deleteOnce(key, 0, new Start(name, options, Optional.empty(), provenance,
        protectedPatterns, null));
  }

  private CompletionStage<List<DeleteRecord>> deleteOnce(String key, int attempt, Start start) {
    String sagaId = sagaIdFor(key, attempt);
    return ask(sagaId, start).thenCompose(result -> {
      if (result instanceof DeletionCommand.Abandoned && attempt < ATTEMPTS) {
        return deleteOnce(key, attempt + 1, start);
      }
      return CompletableFuture.completedFuture(records(sagaId, start.input(), result));
    });
  }

  /** The ID of the {@code attempt}th saga of {@code key}: a name-based UUID, as saga IDs are. */
  static String sagaIdFor(String key, int attempt) {
    return UUID.nameUUIDFromBytes(("delete-once:" + key + "#" + attempt)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  private CompletionStage<DeletionCommand.Result> ask(String sagaId, Start start) {
    return AskTimeouts.waitingForSaga("the delete of " + start.input() + " (delete " + sagaId
            + ")", timeout, AskTimeouts.on(system.executionContext(), ClusterSharding.get(system).entityRefFor(
                DeletionEntity.ENTITY_TYPE_KEY, sagaId).<DeletionCommand.Result>ask(
                replyTo -> new Start(start.input(), start.options(), start.expected(),
                    start.provenance(), start.protectedPatterns(), replyTo), timeout)));
  }

  private static List<DeleteRecord> records(
      String sagaId, String name, DeletionCommand.Result result) {
    if (result instanceof DeletionCommand.Finished deleted) {
      return deleted.records();
    } else if (result instanceof DeletionCommand.Refused refused) {
      throw new RejectedException(refused.rejection());
    } else if (result instanceof DeletionCommand.Abandoned) {
      throw new RejectedException(new Rejection.Unavailable("the delete of " + name
          + " (delete " + sagaId + ") was abandoned after a crash too often; nothing was"
          + " deleted under it, try again"));
    }
    log.warn("delete {} of {} could not resolve the name: {}", sagaId, name,
        ((DeletionCommand.Unavailable) result).reason());
    throw new RejectedException(new Rejection.Unavailable("the delete of " + name
        + " (delete " + sagaId + ") could not resolve the name; nothing was deleted,"
        + " try again"));
  }
}
