package io.imagesaga.operation;

import io.imagesaga.JournalTags;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.SagaWaiters;
import io.imagesaga.operation.OperationCommand.Completed;
import io.imagesaga.operation.OperationCommand.Refused;
import io.imagesaga.operation.OperationCommand.Result;
import io.imagesaga.operation.OperationCommand.Resume;
import io.imagesaga.operation.OperationCommand.Settle;
import io.imagesaga.operation.OperationCommand.Start;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One multi-entity change ({@code Operation|<uuid>}): a tag, or the registration of a loaded or
 * pulled image. The plan is journaled, the steps run ({@link OperationSteps}), the end is
 * journaled, then the client is answered and the entities its steps touched are told to forget
 * them. After a crash an unfinished operation is carried through from {@link RecoveryCompleted};
 * its steps answer as they did the first time.
 *
 * <p>The state is the plan while running, null before and after: {@code Optional} would do, but
 * a record of one field keeps the snapshot format explicit.
 */
public final class OperationEntity extends EventSourcedBehaviorWithEnforcedReplies<
    OperationCommand, OperationEvent, OperationEntity.Running> {

  public static final EntityTypeKey<OperationCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(OperationCommand.class, "Operation");
  public static final String TAG = "operation";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** The plan being carried out; null when none is. */
  public record Running(OperationPlan plan) implements io.imagesaga.CborSerializable {
    Running apply(OperationEvent event) {
      return new Running(event instanceof OperationEvent.Started s ? s.plan() : null);
    }
  }

  /** What the operation tells itself; callers send only {@link OperationCommand}'s records. */
  sealed interface Internal extends OperationCommand {}

  /** The steps ran to their end. */
  private record StepsEnded(Result result) implements Internal {}

  /** A step went unanswered (a timeout): try again shortly. */
  private record StepsInterrupted(String reason) implements Internal {}

  /** Time to try the steps again. */
  private enum Retry implements Internal {
    INSTANCE
  }

  private final String operationId;
  private final OperationRunner steps;
  private final Clock clock;
  private final ActorContext<OperationCommand> context;
  private final TimerScheduler<OperationCommand> timers;
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final SagaWaiters<Result> waiters = new SagaWaiters<>();

  /** An operation outside sharding (tests): it stays in memory when it ends. */
  public static Behavior<OperationCommand> create(
      String operationId, OperationRunner steps, Clock clock) {
    return create(operationId, steps, clock, Optional.empty());
  }

  /**
   * A sharded operation: once it has ended and answered, it asks {@code shard} to passivate
   * it, so that ended operations do not pile up in memory; an ended one that a later message
   * wakes leaves again. Sharding itself never passivates one ({@link Operations#init}), so an
   * open one keeps its retry timer.
   */
  public static Behavior<OperationCommand> create(String operationId, OperationRunner steps,
      Clock clock, Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new OperationEntity(operationId, steps, clock, context, timers, shard)));
  }

  private OperationEntity(String operationId, OperationRunner steps, Clock clock,
      ActorContext<OperationCommand> context, TimerScheduler<OperationCommand> timers,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), operationId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.operationId = operationId;
    this.steps = steps;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
  }

  @Override
  public Running emptyState() {
    return new Running(null);
  }

  @Override
  public CommandHandlerWithReply<OperationCommand, OperationEvent, Running> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(StepsEnded.class, this::onStepsEnded)
        .onCommand(StepsInterrupted.class, this::onStepsInterrupted)
        .onCommand(Retry.class, this::onRetry)
        .onCommand(Settle.class, this::onSettle)
        .onCommand(Resume.class, this::onResume)
        .build();
  }

  private ReplyEffect<OperationEvent, Running> onStepsInterrupted(
      Running state, StepsInterrupted cmd) {
    context.getLog().warn("operation {} interrupted ({}); retrying", operationId, cmd.reason());
    timers.startSingleTimer(Retry.INSTANCE, RETRY_AFTER);
    return Effect().noReply();
  }

  private ReplyEffect<OperationEvent, Running> onRetry(Running state, Retry cmd) {
    runSteps(state);
    return Effect().noReply();
  }

  private ReplyEffect<OperationEvent, Running> onSettle(Running state, Settle cmd) {
    if (state.plan() == null) {
      passivateIfIdle(state);
      return Effect().reply(cmd.replyTo(), Done.getInstance());
    }
    waiters.settleLater(cmd.replyTo());
    return Effect().noReply();
  }

  private ReplyEffect<OperationEvent, Running> onResume(Running state, Resume cmd) {
    passivateIfIdle(state);
    return Effect().noReply();
  }

  private ReplyEffect<OperationEvent, Running> onStart(Running state, Start cmd) {
    if (state.plan() != null || waiters.hasClient()) {
      return Effect().reply(cmd.replyTo(), new Refused(new Rejection.InvalidParameter(
          "operation " + operationId + " was already started")));
    }
    waiters.client(cmd.replyTo());
    return Effect().persist(
            new OperationEvent.Started(cmd.plan(), cmd.provenance(), clock.instant()))
        .thenRun(this::runSteps)
        .thenNoReply();
  }

  private void runSteps(Running state) {
    if (state.plan() == null) {
      return;
    }
    context.pipeToSelf(steps.run(operationId, state.plan()), (done, failure) -> {
      if (failure == null) {
        return new StepsEnded(Completed.INSTANCE);
      }
      Rejection refusal = RejectedException.of(failure);
      return refusal != null ? new StepsEnded(new Refused(refusal))
          : new StepsInterrupted(failure.toString());
    });
  }

  private ReplyEffect<OperationEvent, Running> onStepsEnded(Running state, StepsEnded cmd) {
    if (state.plan() == null) {
      return Effect().noReply();
    }
    OperationEvent end = cmd.result() instanceof Refused refused
        ? new OperationEvent.Refused(refused.rejection(), clock.instant())
        : new OperationEvent.Completed(clock.instant());
    return Effect().persist(end).thenRun(ended -> {
      steps.forget(operationId);
      waiters.ended(Optional.of(cmd.result()));
      passivate();
    }).thenNoReply();
  }

  /** Once ended and answered: out of memory, through the shard (a later message wakes it). */
  private void passivate() {
    shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(context.getSelf())));
  }

  /** Leaves memory if there is nothing to do: no plan running and no client waiting. */
  private void passivateIfIdle(Running state) {
    if (state.plan() == null && !waiters.hasClient()) {
      passivate();
    }
  }

  @Override
  public SignalHandler<Running> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      if (state.plan() != null) {
        context.getLog().info("carrying on operation {}", operationId);
        runSteps(state);
      } else if (lastSequenceNumber(context) > 0) {
        passivate();
      }
    }).build();
  }

  @Override
  public EventHandler<Running, OperationEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Running::apply);
  }

  @Override
  public Set<String> tagsFor(OperationEvent event) {
    return Set.of(TAG, JournalTags.AUDIT);
  }
}
