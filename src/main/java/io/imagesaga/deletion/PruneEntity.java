package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * {@code docker events} stream. Dry runs' plans are not journaled ({@link PrunePlans}).
 */
public final class PruneEntity extends
    EventSourcedBehaviorWithEnforcedReplies<PruneCommand, PruneEvent, PruneEntity.Totals> {

  public static final EntityTypeKey<PruneCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(PruneCommand.class, "Prune");

  /**
   * Keyed prunes remembered for a re-ask: a fleet prune asks a host again only until it has
   * journaled the host's answer, so the last few are plenty.
   */
  public static final int KEPT_RUNS = 64;

  /**
   * How many prunes ended here, the bytes they freed, and the last {@value #KEPT_RUNS} prunes
   * done for a key (parts of fleet prunes), newest last.
   */
  public record Totals(long prunes, long reclaimed, List<PruneEvent.Completed> keyed)
      implements io.imagesaga.CborSerializable {

    public Totals {
      keyed = keyed == null ? List.of() : List.copyOf(keyed);
    }

    Optional<List<DeleteRecord>> completed(String key) {
      return keyed.stream().filter(c -> c.key().equals(key)).findFirst()
          .map(PruneEvent.Completed::records);
    }

    Totals apply(PruneEvent event) {
      if (event instanceof PruneEvent.Completed c) {
        List<PruneEvent.Completed> runs = new ArrayList<>(keyed);
        if (c.key() != null) {
          runs.add(c);
        }
        return new Totals(prunes + 1, reclaimed + c.reclaimed(),
            runs.subList(Math.max(0, runs.size() - KEPT_RUNS), runs.size()));
      } else if (event instanceof PruneEvent.Planned || event instanceof PruneEvent.PlanTaken) {
        // Journaled by builds that kept plans here; they stay in the audit log, not in memory.
        return this;
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
    return new Totals(0, 0, List.of());
  }

  @Override
  public CommandHandlerWithReply<PruneCommand, PruneEvent, Totals> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(PruneCommand.RecordCompleted.class, (state, cmd) -> Effect()
            .persist(new PruneEvent.Completed(cmd.reclaimed(), clock.instant(), cmd.key(),
                cmd.records()))
            .thenReply(cmd.replyTo(), s -> Confirmation.confirmed()))
        .onCommand(PruneCommand.GetCompleted.class, (state, cmd) -> Effect().reply(
            cmd.replyTo(), new PruneCommand.CompletedOnce(state.completed(cmd.key()))))
        .build();
  }

  @Override
  public EventHandler<Totals, PruneEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Totals::apply);
  }

  @Override
  public Set<String> tagsFor(PruneEvent event) {
    return event instanceof PruneEvent.Completed
        ? Set.of(JournalTags.DOCKER_EVENTS, JournalTags.AUDIT) : Set.of(JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
