package io.imagesaga.layer;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import io.imagesaga.layer.LayerCommand.Acquire;
import io.imagesaga.layer.LayerCommand.Acquired;
import io.imagesaga.layer.LayerCommand.Forget;
import io.imagesaga.layer.LayerCommand.Get;
import io.imagesaga.layer.LayerCommand.Kept;
import io.imagesaga.layer.LayerCommand.NotHeld;
import io.imagesaga.layer.LayerCommand.Release;
import io.imagesaga.layer.LayerEvent.Created;
import io.imagesaga.layer.LayerEvent.HolderAdded;
import io.imagesaga.layer.LayerEvent.HolderReleased;
import io.imagesaga.layer.LayerEvent.Removed;
import io.imagesaga.layer.LayerEvent.StepsForgotten;
import io.imagesaga.layer.LayerState.Step;
import io.imagesaga.reference.Digest;
import java.time.Clock;
import java.time.Duration;
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
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** One layer chain ID ({@code Layer|sha256:<chain>}) and its holders. See {@link LayerState}. */
public final class LayerEntity
    extends EventSourcedBehaviorWithEnforcedReplies<LayerCommand, LayerEvent, LayerState> {

  public static final EntityTypeKey<LayerCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(LayerCommand.class, "Layer");
  public static final String TAG = "layer";

  private final Digest chainId;
  private final Clock clock;
  private final int snapshotEvery;

  public static void init(ActorSystem<?> system, int snapshotEvery) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(
        Digest.fromJson(ctx.getEntityId()), Clock.systemUTC(), snapshotEvery)));
  }

  public static Behavior<LayerCommand> create(Digest chainId, Clock clock, int snapshotEvery) {
    return new LayerEntity(chainId, clock, snapshotEvery);
  }

  private LayerEntity(Digest chainId, Clock clock, int snapshotEvery) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), chainId.toString()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.chainId = chainId;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public LayerState emptyState() {
    return LayerState.absent();
  }

  @Override
  public CommandHandlerWithReply<LayerCommand, LayerEvent, LayerState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Acquire.class, this::onAcquire)
        .onCommand(Release.class, this::onRelease)
        .onCommand(Forget.class, this::onForget)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<LayerEvent, LayerState> onAcquire(LayerState state, Acquire cmd) {
    Optional<Step> earlier = state.stepOf(cmd.step());
    if (earlier.isPresent()) {
      return Effect().reply(cmd.replyTo(), new Acquired(
          earlier.get().effect() == LayerState.Effect.CREATED, earlier.get().incarnation()));
    }
    if (state.held(cmd.holder()).isPresent()) {
      return Effect().reply(cmd.replyTo(), new Acquired(
          cmd.holder().equals(state.creator()), state.incarnation()));
    }
    if (state.isPresent()) {
      return Effect().persist(new HolderAdded(clock.instant(), cmd.step(), cmd.holder()))
          .thenReply(cmd.replyTo(), s -> new Acquired(false, s.incarnation()));
    }
    return Effect().persist(new Created(cmd.parent(), cmd.diffId(), cmd.diffSize(), cmd.blob(),
            cmd.step(), clock.instant(), cmd.holder()))
        .thenReply(cmd.replyTo(), s -> new Acquired(true, s.incarnation()));
  }

  private ReplyEffect<LayerEvent, LayerState> onRelease(LayerState state, Release cmd) {
    Optional<Step> earlier = state.stepOf(cmd.step());
    if (earlier.isPresent()) {
      Step step = earlier.get();
      return Effect().reply(cmd.replyTo(), step.effect() == LayerState.Effect.REMOVED
          ? removed(state, step.blob(), step.incarnation()) : Kept.INSTANCE);
    }
    Optional<Holder> held = state.held(cmd.holder());
    if (held.isEmpty()) {
      return Effect().reply(cmd.replyTo(), NotHeld.INSTANCE);
    }
    if (state.holders().size() > 1) {
      return Effect().persist(new HolderReleased(clock.instant(), cmd.step(), held.get()))
          .thenReply(cmd.replyTo(), s -> Kept.INSTANCE);
    }
    return Effect().persist(new Removed(clock.instant(), cmd.step(), held.get()))
        .thenReply(cmd.replyTo(), s -> removed(state, state.blob(), state.incarnation()));
  }

  private LayerCommand.Removed removed(LayerState state, Optional<String> blob, long acted) {
    return new LayerCommand.Removed(chainId, state.parent(), state.diffSize(), blob, acted);
  }

  private ReplyEffect<LayerEvent, LayerState> onForget(LayerState state, Forget cmd) {
    if (!state.remembers(cmd.sagaId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return Effect().persist(new StepsForgotten(cmd.sagaId(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> Confirmation.confirmed());
  }

  @Override
  public EventHandler<LayerState, LayerEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(LayerState::apply);
  }

  @Override
  public Set<String> tagsFor(LayerEvent event) {
    return Set.of(TAG, JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
