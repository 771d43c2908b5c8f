package io.imagesaga.repository;

import io.imagesaga.JournalTags;
import io.imagesaga.repository.RepositoryCommand.Get;
import io.imagesaga.repository.RepositoryCommand.RemoveReferences;
import io.imagesaga.repository.RepositoryCommand.Resolution;
import io.imagesaga.repository.RepositoryCommand.Resolve;
import io.imagesaga.repository.RepositoryCommand.SetReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One repository ({@code Repository|docker.io/library/busybox}): authoritative for which image
 * each of its tags and digests names. Images mirror the references that point at them.
 */
public final class RepositoryEntity extends
    EventSourcedBehaviorWithEnforcedReplies<RepositoryCommand, RepositoryEvent, RepositoryState> {

  public static final EntityTypeKey<RepositoryCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(RepositoryCommand.class, "Repository");
  public static final String TAG = "repository";

  private final String name;
  private final Clock clock;
  private final SnapshotCadence cadence;
  private final int snapshotEvery;
  /** Asks the shard to stop this entity, to be started again with another cadence. */
  private final Optional<Runnable> restart;
  private boolean restarting;
  private final ActorRef<RepositoryCommand> self;
  /** Commands held for the next {@link Flush}; none after a (re)start. */
  private final List<RepositoryCommand> pending = new ArrayList<>();

  /** Time to decide the held commands (the entity's own message). */
  enum Flush implements RepositoryCommand {
    INSTANCE
  }

  /**
   * Registers repositories with sharding: each snapshots at a cadence that follows its size
   * ({@link SnapshotCadence}), at least every {@code snapshotEvery} events.
   */
  public static void init(ActorSystem<?> system, int snapshotEvery) {
    SnapshotCadence cadence = new SnapshotCadence(snapshotEvery);
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx ->
            Behaviors.<RepositoryCommand>setup(actor -> new RepositoryEntity(ctx.getEntityId(),
                Clock.systemUTC(), cadence, actor.getSelf(), Optional.of(() -> ctx.getShard().tell(
                    new ClusterSharding.Passivate<>(actor.getSelf()))))))
        .withStopMessage(RepositoryCommand.Stop.INSTANCE));
  }

  /** A repository outside sharding (tests): it snapshots every {@code snapshotEvery} events. */
  public static Behavior<RepositoryCommand> create(String name, Clock clock, int snapshotEvery) {
    return Behaviors.setup(actor -> new RepositoryEntity(name, clock,
        new SnapshotCadence(snapshotEvery), actor.getSelf(), Optional.empty()));
  }

  private RepositoryEntity(String name, Clock clock, SnapshotCadence cadence,
      ActorRef<RepositoryCommand> self, Optional<Runnable> restart) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), name),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.name = name;
    this.clock = clock;
    this.cadence = cadence;
    this.snapshotEvery = cadence.startingInterval(name);
    this.restart = restart;
    this.self = self;
  }

  /** Once the size has moved far from this entity's cadence: stop, to start with another. */
  private void keepCadence(RepositoryState state) {
    if (restart.isPresent() && !restarting
        && cadence.outgrown(name, snapshotEvery, state.size())) {
      restarting = true;
      restart.get().run();
    }
  }

  @Override
  public RepositoryState emptyState() {
    return RepositoryState.empty();
  }

  @Override
  public CommandHandlerWithReply<RepositoryCommand, RepositoryEvent, RepositoryState>
      commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Resolve.class, (state, cmd) -> pending.isEmpty()
            ? Effect().reply(cmd.replyTo(), new Resolution(state.lookup(cmd.reference())))
            : queue(cmd))
        .onCommand(Get.class, (state, cmd) -> pending.isEmpty()
            ? Effect().reply(cmd.replyTo(), state) : queue(cmd))
        .onCommand(SetReference.class, (state, cmd) -> queue(cmd))
        .onCommand(RemoveReferences.class, (state, cmd) -> queue(cmd))
        .onCommand(RepositoryCommand.Forget.class, (state, cmd) -> queue(cmd))
        .onCommand(Flush.class, (state, cmd) -> flush(state).thenNoReply())
        .onCommand(RepositoryCommand.Stop.class,
            (state, cmd) -> flush(state).thenStop().thenNoReply())
        .build();
  }

  /**
   * Holds a command until this repository decides what it has gathered ({@link Flush}, which
   * follows every command already in the mailbox), so that commands arriving together are
   * journaled in one write. A read waits too while writes are held: it must not overtake them.
   */
  private ReplyEffect<RepositoryEvent, RepositoryState> queue(RepositoryCommand command) {
    if (pending.isEmpty()) {
      self.tell(Flush.INSTANCE);
    }
    pending.add(command);
    return Effect().noReply();
  }

  /** Decides the held commands in turn, journals their events in one write, then answers. */
  private EffectBuilder<RepositoryEvent, RepositoryState> flush(RepositoryState state) {
    RepositoryBatch batch = RepositoryBatch.of(state, List.copyOf(pending), clock.instant());
    pending.clear();
    if (batch.events().isEmpty()) {
      return Effect().none().thenRun(s -> batch.replies().forEach(Runnable::run));
    }
    return Effect().persist(batch.events())
        .thenRun(this::keepCadence)
        .thenRun(s -> batch.replies().forEach(Runnable::run));
  }

  @Override
  public EventHandler<RepositoryState, RepositoryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RepositoryState::apply);
  }

  @Override
  public SignalHandler<RepositoryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          // Held commands of an incarnation that failed are dropped: their askers time out.
          pending.clear();
          keepCadence(state);
        })
        .build();
  }

  @Override
  public Set<String> tagsFor(RepositoryEvent event) {
    return Set.of(TAG, JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
