package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The prunes of one node ({@code Prune|<node>}): dockerd reports each finished prune as an image
 * event with no actor and the bytes reclaimed, so the prune itself is journaled here, in the
 * {@code docker events} stream. The state only counts prunes and bytes, for the audit.
 */
public final class PruneEntity extends
    EventSourcedBehaviorWithEnforcedReplies<PruneCommand, PruneEvent, PruneEntity.Totals> {

  public static final EntityTypeKey<PruneCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(PruneCommand.class, "Prune");

  /** How many prunes ended here and the bytes they freed. */
  public record Totals(long prunes, long reclaimed) implements io.imagesaga.CborSerializable {
    Totals apply(PruneEvent event) {
      if (event instanceof PruneEvent.Completed c) {
        return new Totals(prunes + 1, reclaimed + c.reclaimed());
      }
      throw new IllegalArgumentException("unknown prune event " + event);
    }
  }

  private final Clock clock;
  private final int snapshotEvery;

  public static void init(ActorSystem<?> system, int snapshotEvery) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
        ctx -> create(ctx.getEntityId(), Clock.systemUTC(), snapshotEvery)));
  }

  public static Behavior<PruneCommand> create(String node, Clock clock, int snapshotEvery) {
    return new PruneEntity(node, clock, snapshotEvery);
  }

  private PruneEntity(String node, Clock clock, int snapshotEvery) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), node),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public Totals emptyState() {
    return new Totals(0, 0);
  }

  @Override
  public CommandHandlerWithReply<PruneCommand, PruneEvent, Totals> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(PruneCommand.RecordCompleted.class, (state, cmd) -> Effect()
            .persist(new PruneEvent.Completed(cmd.reclaimed(), clock.instant()))
            .thenReply(cmd.replyTo(), s -> Confirmation.confirmed()))
        .build();
  }

  @Override
  public EventHandler<Totals, PruneEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Totals::apply);
  }

  @Override
  public Set<String> tagsFor(PruneEvent event) {
    return Set.of(JournalTags.DOCKER_EVENTS);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
