package io.imagesaga.repository;

import io.imagesaga.JournalTags;
import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryCommand.Get;
import io.imagesaga.repository.RepositoryCommand.RemoveReferences;
import io.imagesaga.repository.RepositoryCommand.Resolution;
import io.imagesaga.repository.RepositoryCommand.Resolve;
import io.imagesaga.repository.RepositoryCommand.SetReference;
import io.imagesaga.repository.RepositoryEvent.ReferenceSet;
import io.imagesaga.repository.RepositoryEvent.ReferencesRemoved;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /**
   * Registers repositories with sharding: each snapshots at a cadence that follows its size
   * ({@link SnapshotCadence}), at least every {@code snapshotEvery} events.
   */
  public static void init(ActorSystem<?> system, int snapshotEvery) {
    SnapshotCadence cadence = new SnapshotCadence(snapshotEvery);
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx ->
            Behaviors.<RepositoryCommand>setup(actor -> new RepositoryEntity(ctx.getEntityId(),
                Clock.systemUTC(), cadence, Optional.of(() -> ctx.getShard().tell(
                    new ClusterSharding.Passivate<>(actor.getSelf()))))))
        .withStopMessage(RepositoryCommand.Stop.INSTANCE));
  }

  /** A repository outside sharding (tests): it snapshots every {@code snapshotEvery} events. */
  public static Behavior<RepositoryCommand> create(String name, Clock clock, int snapshotEvery) {
    return new RepositoryEntity(name, clock, new SnapshotCadence(snapshotEvery),
        Optional.empty());
  }

  private RepositoryEntity(
      String name, Clock clock, SnapshotCadence cadence, Optional<Runnable> restart) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), name),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.name = name;
    this.clock = clock;
    this.cadence = cadence;
    this.snapshotEvery = cadence.startingInterval(name);
    this.restart = restart;
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
        .onCommand(Resolve.class, (state, cmd) ->
            Effect().reply(cmd.replyTo(), new Resolution(state.lookup(cmd.reference()))))
        .onCommand(SetReference.class, this::onSetReference)
        .onCommand(RemoveReferences.class, this::onRemoveReferences)
        .onCommand(RepositoryCommand.Forget.class, this::onForget)
        .onCommand(RepositoryCommand.Stop.class, (state, cmd) -> Effect().stop().thenNoReply())
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<RepositoryEvent, RepositoryState> onSetReference(
      RepositoryState state, SetReference cmd) {
    Optional<ReferenceSet> earlier = state.moveBy(cmd.operationId());
    if (earlier.isPresent()) {
      return Effect().reply(cmd.replyTo(), new Resolution(earlier.get().previous()));
    }
    Optional<ImageId> previous = state.lookup(cmd.reference());
    Resolution reply = new Resolution(previous);
    if (previous.equals(Optional.of(cmd.image()))) {
      return Effect().reply(cmd.replyTo(), reply);
    }
    return Effect().persist(new ReferenceSet(cmd.reference(), cmd.image(), previous,
            cmd.operationId(), clock.instant(), true))
        .thenRun(this::keepCadence)
        .thenReply(cmd.replyTo(), s -> reply);
  }

  private ReplyEffect<RepositoryEvent, RepositoryState> onRemoveReferences(
      RepositoryState state, RemoveReferences cmd) {
    if (cmd.step() != null && state.removed(cmd.step())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    List<NamedReference> removable = state.pointingAt(cmd.references(), cmd.image());
    // A saga's removal is journaled even when it removes nothing (its references moved away
    // meanwhile): asked again, it must not remove one pointed back at the image since.
    if (removable.isEmpty() && cmd.step() == null) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return Effect().persist(new ReferencesRemoved(removable, cmd.image(), clock.instant(),
            cmd.step()))
        .thenRun(this::keepCadence)
        .thenReply(cmd.replyTo(), s -> Confirmation.confirmed());
  }

  private ReplyEffect<RepositoryEvent, RepositoryState> onForget(
      RepositoryState state, RepositoryCommand.Forget cmd) {
    if (!state.remembers(cmd.operationId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return Effect().persist(new RepositoryEvent.StepsForgotten(cmd.operationId(),
        clock.instant())).thenReply(cmd.replyTo(), s -> Confirmation.confirmed());
  }

  @Override
  public EventHandler<RepositoryState, RepositoryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RepositoryState::apply);
  }

  @Override
  public SignalHandler<RepositoryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::keepCadence)
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
