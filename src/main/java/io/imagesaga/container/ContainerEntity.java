package io.imagesaga.container;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import io.imagesaga.Rejection;
import io.imagesaga.container.ContainerCommand.Changed;
import io.imagesaga.container.ContainerCommand.Create;
import io.imagesaga.container.ContainerCommand.Get;
import io.imagesaga.container.ContainerCommand.Rejected;
import io.imagesaga.container.ContainerCommand.Remove;
import io.imagesaga.container.ContainerCommand.Start;
import io.imagesaga.container.ContainerCommand.Stop;
import io.imagesaga.container.ContainerCommand.Superseded;
import io.imagesaga.container.ContainerCommand.Transition;
import io.imagesaga.container.ContainerCommand.Unchanged;
import io.imagesaga.container.ContainerEvent.Created;
import io.imagesaga.container.ContainerEvent.Removed;
import io.imagesaga.container.ContainerEvent.Started;
import io.imagesaga.container.ContainerEvent.Stopped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One container ({@code Container|<64hex>}): metadata and lifecycle only. The image it uses is
 * told of each change by the service, image first when the change adds a conflict (create,
 * start) so that no delete can slip between the two.
 */
public final class ContainerEntity extends
    EventSourcedBehaviorWithEnforcedReplies<ContainerCommand, ContainerEvent, ContainerState> {

  public static final EntityTypeKey<ContainerCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ContainerCommand.class, "Container");
  public static final String TAG = "container";

  private final String containerId;
  private final Consumer<ContainerState> observer;
  private final Clock clock;
  private final int snapshotEvery;

  public static void init(
      ActorSystem<?> system, Consumer<ContainerState> observer, int snapshotEvery) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
        ctx -> create(ctx.getEntityId(), observer, Clock.systemUTC(), snapshotEvery)));
  }

  public static Behavior<ContainerCommand> create(String containerId,
      Consumer<ContainerState> observer, Clock clock, int snapshotEvery) {
    return new ContainerEntity(containerId, observer, clock, snapshotEvery);
  }

  private ContainerEntity(String containerId, Consumer<ContainerState> observer, Clock clock,
      int snapshotEvery) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), containerId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.containerId = containerId;
    this.observer = observer;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public ContainerState emptyState() {
    return ContainerState.absent();
  }

  @Override
  public CommandHandlerWithReply<ContainerCommand, ContainerEvent, ContainerState>
      commandHandler() {
    CommandHandlerWithReplyBuilder<ContainerCommand, ContainerEvent, ContainerState> builder =
        newCommandHandlerWithReplyBuilder();
    builder.forState(ContainerState::exists)
        .onCommand(Create.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.spec().equals(cmd.spec()) ? Confirmation.confirmed()
                : Confirmation.rejected(Rejection.Conflict.hard("container " + containerId
                    + " already exists"))))
        .onCommand(Start.class, this::onStart)
        .onCommand(Stop.class, this::onStop)
        .onCommand(Remove.class, this::onRemove);
    builder.forState(state -> !state.exists())
        .onCommand(Create.class, this::onCreate)
        .onCommand(Start.class, (state, cmd) -> noSuchContainer(cmd.replyTo()))
        .onCommand(Stop.class, (state, cmd) -> noSuchContainer(cmd.replyTo()))
        .onCommand(Remove.class, (state, cmd) -> noSuchContainer(cmd.replyTo()));
    builder.forAnyState()
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state));
    return builder.build();
  }

  private ReplyEffect<ContainerEvent, ContainerState> onCreate(ContainerState state, Create cmd) {
    return Effect().persist(new Created(cmd.spec(), clock.instant()))
        .thenRun(observer::accept)
        .thenReply(cmd.replyTo(), s -> Confirmation.confirmed());
  }

  private ReplyEffect<ContainerEvent, ContainerState> onStart(ContainerState state, Start cmd) {
    return transition(state, cmd.operationId(), cmd.basedOn(), true, cmd.replyTo());
  }

  private ReplyEffect<ContainerEvent, ContainerState> onStop(ContainerState state, Stop cmd) {
    return transition(state, cmd.operationId(), cmd.basedOn(), false, cmd.replyTo());
  }

  /**
   * A start or stop applies at the generation it was decided on and at no other: repeated
   * after it applied, it answers as the first time; after any other, it is superseded, so a
   * start or stop whose client gave up (and whose operation carries on) never undoes a later
   * one.
   */
  private ReplyEffect<ContainerEvent, ContainerState> transition(ContainerState state,
      String operationId, Optional<Long> basedOn, boolean running,
      ActorRef<Transition> replyTo) {
    if (basedOn.isPresent() && basedOn.get() != state.generation()) {
      return Effect().reply(replyTo, operationId.equals(state.lastTransition())
          ? new Changed(state) : new Superseded(state));
    }
    if (state.isRunning() == running) {
      return Effect().reply(replyTo, new Unchanged(state));
    }
    var now = clock.instant();
    return transition(List.of(running ? new Started(now, operationId)
        : new Stopped(now, operationId)), replyTo);
  }

  private ReplyEffect<ContainerEvent, ContainerState> onRemove(ContainerState state, Remove cmd) {
    if (state.isRunning() && !cmd.force()) {
      return Effect().reply(cmd.replyTo(), new Rejected(Rejection.Conflict.hard(
          "cannot remove container \"" + state.spec().name() + "\": container is running:"
              + " stop the container before removing or force remove")));
    }
    var now = clock.instant();
    List<ContainerEvent> events = state.isRunning()
        ? List.of(new Stopped(now), new Removed(now)) : List.of(new Removed(now));
    return transition(events, cmd.replyTo());
  }

  private ReplyEffect<ContainerEvent, ContainerState> transition(
      List<ContainerEvent> events, ActorRef<Transition> replyTo) {
    return Effect().persist(events).thenRun(observer::accept)
        .thenReply(replyTo, Changed::new);
  }

  private ReplyEffect<ContainerEvent, ContainerState> noSuchContainer(
      ActorRef<Transition> replyTo) {
    return Effect().reply(replyTo,
        new Rejected(new Rejection.NotFound("No such container: " + containerId)));
  }

  @Override
  public EventHandler<ContainerState, ContainerEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ContainerState::apply);
  }

  @Override
  public Set<String> tagsFor(ContainerEvent event) {
    return Set.of(TAG, JournalTags.DOCKER_EVENTS, JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
