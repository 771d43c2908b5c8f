package io.imagesaga.image;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import io.imagesaga.Rejection;
import io.imagesaga.image.ImageCommand.AddChild;
import io.imagesaga.image.ImageCommand.Announce;
import io.imagesaga.image.ImageCommand.AddReference;
import io.imagesaga.image.ImageCommand.AttachContainer;
import io.imagesaga.image.ImageCommand.DeleteById;
import io.imagesaga.image.ImageCommand.DetachContainer;
import io.imagesaga.image.ImageCommand.EndLease;
import io.imagesaga.image.ImageCommand.Get;
import io.imagesaga.image.ImageCommand.TakeLease;
import io.imagesaga.image.ImageCommand.RecallStep;
import io.imagesaga.image.ImageCommand.Register;
import io.imagesaga.image.ImageCommand.Registration;
import io.imagesaga.image.ImageCommand.ReleaseChild;
import io.imagesaga.image.ImageCommand.RemoveReference;
import io.imagesaga.image.ImageCommand.SagaStep;
import io.imagesaga.image.ImageCommand.SetContainerRunning;
import io.imagesaga.image.ImageCommand.Untag;
import io.imagesaga.image.ImageEvent.ChildAdded;
import io.imagesaga.image.ImageEvent.ContainerAttached;
import io.imagesaga.image.ImageEvent.ContainerDetached;
import io.imagesaga.image.ImageEvent.ContainerStateChanged;
import io.imagesaga.image.ImageEvent.ReferenceAdded;
import io.imagesaga.image.ImageEvent.ReferenceRemoved;
import io.imagesaga.image.ImageEvent.Registered;
import io.imagesaga.reference.ImageId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One image of the graph ({@code Image|sha256:<hex>}). It alone decides the conflicts of its
 * image, so "check, then untag or delete" is atomic per image; the decisions themselves are the
 * pure functions of {@link ImageDelete}.
 */
public final class ImageEntity
    extends EventSourcedBehaviorWithEnforcedReplies<ImageCommand, ImageEvent, ImageState> {

  public static final EntityTypeKey<ImageCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ImageCommand.class, "Image");
  public static final String TAG = "image";

  private final ImageId imageId;
  private final ImageObserver observer;
  private final Clock clock;
  private final int snapshotEvery;

  public static void init(ActorSystem<?> system, ImageObserver observer, int snapshotEvery) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(
        ImageId.parse(ctx.getEntityId()), observer, Clock.systemUTC(), snapshotEvery)));
  }

  public static Behavior<ImageCommand> create(
      ImageId imageId, ImageObserver observer, Clock clock, int snapshotEvery) {
    return new ImageEntity(imageId, observer, clock, snapshotEvery);
  }

  public static PersistenceId persistenceId(ImageId imageId) {
    return PersistenceId.of(ENTITY_TYPE_KEY.name(), imageId.toString());
  }

  private ImageEntity(ImageId imageId, ImageObserver observer, Clock clock, int snapshotEvery) {
    super(persistenceId(imageId), SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.imageId = imageId;
    this.observer = observer;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public ImageState emptyState() {
    return ImageState.absent();
  }

  @Override
  public CommandHandlerWithReply<ImageCommand, ImageEvent, ImageState> commandHandler() {
    CommandHandlerWithReplyBuilder<ImageCommand, ImageEvent, ImageState> builder =
        newCommandHandlerWithReplyBuilder();
    builder.forState(ImageState::isPresent)
        .onCommand(Register.class, this::onRegisterPresent)
        .onCommand(AddReference.class, this::onAddReference)
        .onCommand(AddChild.class, this::onAddChild)
        .onCommand(AttachContainer.class, this::onAttachContainer)
        .onCommand(Untag.class, (state, cmd) -> step(state, cmd, () -> ImageDelete.untag(
            state, cmd.requested(), cmd.input(), cmd.force(), clock.instant())))
        .onCommand(DeleteById.class, (state, cmd) -> step(state, cmd,
            () -> ImageDelete.byId(state, cmd.force(), clock.instant())))
        .onCommand(ReleaseChild.class, (state, cmd) -> step(state, cmd,
            () -> ImageDelete.releaseChild(state, cmd.child(), cmd.generation(), cmd.prune(),
                clock.instant())))
        .onCommand(Announce.class, (state, cmd) -> confirmAfter(
            new ImageEvent.Announced(cmd.action(), cmd.actor(), clock.instant()), cmd.replyTo()))
        .onCommand(TakeLease.class, (state, cmd) -> confirmAfter(
            new ImageEvent.Leased(cmd.holder(), cmd.expires(), clock.instant()), cmd.replyTo()));
    builder.forState(state -> !state.isPresent())
        .onCommand(TakeLease.class, (state, cmd) -> rejectAbsent(cmd.replyTo()))
        .onCommand(Register.class, this::onRegister)
        .onCommand(AddReference.class, (state, cmd) -> rejectAbsent(cmd.replyTo()))
        .onCommand(AddChild.class, (state, cmd) -> rejectAbsent(cmd.replyTo()))
        .onCommand(AttachContainer.class, (state, cmd) -> rejectAbsent(cmd.replyTo()))
        .onCommand(SagaStep.class, (state, cmd) -> step(state, cmd, () -> DeleteDecision.reject(
            noSuchImage())))
        .onCommand(Announce.class, (state, cmd) -> rejectAbsent(cmd.replyTo()));
    builder.forAnyState()
        .onCommand(RemoveReference.class, this::onRemoveReference)
        .onCommand(SetContainerRunning.class, this::onSetContainerRunning)
        .onCommand(DetachContainer.class, this::onDetachContainer)
        .onCommand(EndLease.class, (state, cmd) ->
            state.leases().stream().noneMatch(l -> l.holder().equals(cmd.holder()))
                ? Effect().reply(cmd.replyTo(), Confirmation.confirmed())
                : confirmAfter(new ImageEvent.LeaseEnded(cmd.holder(), clock.instant()),
                    cmd.replyTo()))
        // Bookkeeping only: nothing a listing shows changes, so the catalog is not told.
        .onCommand(ImageCommand.Forget.class, (state, cmd) -> !state.remembers(cmd.sagaId())
            ? Effect().reply(cmd.replyTo(), Confirmation.confirmed())
            : Effect().persist(new ImageEvent.StepsForgotten(cmd.sagaId(), clock.instant()))
                .thenReply(cmd.replyTo(), s -> Confirmation.confirmed()))
        .onCommand(RecallStep.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.outcomeOf(cmd.sagaId()).orElse(new DeleteOutcome.NotTaken(cmd.sagaId()))))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state));
    return builder.build();
  }

  private ReplyEffect<ImageEvent, ImageState> onRegister(ImageState state, Register cmd) {
    if (cmd.generation() != state.generation() + 1) {
      return Effect().reply(cmd.replyTo(), Registration.MOVED);
    }
    return persist(new Registered(cmd.metadata(), cmd.operationId(), cmd.lease(),
        clock.instant()))
        .thenReply(cmd.replyTo(), s -> Registration.CREATED);
  }

  /** The lease is taken in the same step, so that no delete comes between it and the answer. */
  private ReplyEffect<ImageEvent, ImageState> onRegisterPresent(ImageState state, Register cmd) {
    if (cmd.operationId().equals(state.registeredBy())) {
      return Effect().reply(cmd.replyTo(), Registration.CREATED);
    }
    if (cmd.generation() != state.generation()) {
      return Effect().reply(cmd.replyTo(), Registration.MOVED);
    }
    if (cmd.lease().isEmpty()) {
      return Effect().reply(cmd.replyTo(), Registration.ALREADY_PRESENT);
    }
    ImageState.Lease lease = cmd.lease().get();
    return persist(new ImageEvent.Leased(lease.holder(), lease.expires(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> Registration.ALREADY_PRESENT);
  }

  private ReplyEffect<ImageEvent, ImageState> onAddReference(ImageState state, AddReference cmd) {
    if (state.references().contains(cmd.reference())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ReferenceAdded(cmd.reference(), clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<ImageEvent, ImageState> onRemoveReference(
      ImageState state, RemoveReference cmd) {
    if (!state.references().contains(cmd.reference())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ReferenceRemoved(cmd.reference(), clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<ImageEvent, ImageState> onAddChild(ImageState state, AddChild cmd) {
    if (!state.adopts(cmd.child(), cmd.generation())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ChildAdded(cmd.child(), cmd.generation(), clock.instant()),
        cmd.replyTo());
  }

  private ReplyEffect<ImageEvent, ImageState> onAttachContainer(
      ImageState state, AttachContainer cmd) {
    if (state.usedBy(cmd.containerId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ContainerAttached(cmd.containerId(), clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<ImageEvent, ImageState> onSetContainerRunning(
      ImageState state, SetContainerRunning cmd) {
    boolean changes = state.containers().stream().anyMatch(
        c -> c.containerId().equals(cmd.containerId()) && c.running() != cmd.running());
    if (!changes) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ContainerStateChanged(cmd.containerId(), cmd.running(),
        clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<ImageEvent, ImageState> onDetachContainer(
      ImageState state, DetachContainer cmd) {
    if (!state.usedBy(cmd.containerId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return confirmAfter(new ContainerDetached(cmd.containerId(), clock.instant()), cmd.replyTo());
  }

  /**
   * A saga's step: answered from the record if this saga already changed the image, otherwise
   * decided now and recorded with its events.
   */
  private ReplyEffect<ImageEvent, ImageState> step(
      ImageState state, SagaStep cmd, Supplier<DeleteDecision> decide) {
    Optional<DeleteOutcome> earlier = state.outcomeOf(cmd.sagaId());
    if (earlier.isPresent()) {
      return Effect().reply(cmd.replyTo(), earlier.get());
    }
    return decided(decide.get().takenFor(cmd.sagaId(), clock.instant()), cmd.replyTo());
  }

  /** One atomic write for all events of a decision: one fsync per image per request. */
  private ReplyEffect<ImageEvent, ImageState> decided(
      DeleteDecision decision, ActorRef<DeleteOutcome> replyTo) {
    if (decision.events().isEmpty()) {
      return Effect().reply(replyTo, decision.outcome());
    }
    return Effect().persist(decision.events())
        .thenRun(observer::changed)
        .thenReply(replyTo, s -> decision.outcome());
  }

  private ReplyEffect<ImageEvent, ImageState> confirmAfter(
      ImageEvent event, ActorRef<Confirmation> replyTo) {
    return persist(event).thenReply(replyTo, s -> Confirmation.confirmed());
  }

  private EffectBuilder<ImageEvent, ImageState> persist(ImageEvent event) {
    return Effect().persist(event).thenRun(observer::changed);
  }

  private ReplyEffect<ImageEvent, ImageState> rejectAbsent(ActorRef<Confirmation> replyTo) {
    return Effect().reply(replyTo, Confirmation.rejected(noSuchImage()));
  }

  private Rejection noSuchImage() {
    return new Rejection.NotFound("No such image: " + imageId);
  }

  @Override
  public EventHandler<ImageState, ImageEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ImageState::apply);
  }

  @Override
  public Set<String> tagsFor(ImageEvent event) {
    return Set.of(TAG, JournalTags.DOCKER_EVENTS, JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
