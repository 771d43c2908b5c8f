package io.imagesaga.deletion;

import io.imagesaga.JournalTags;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.SagaWaiters;
import io.imagesaga.Rejection;
import io.imagesaga.deletion.DeletionCommand.Finished;
import io.imagesaga.deletion.DeletionCommand.Refused;
import io.imagesaga.deletion.DeletionCommand.Result;
import io.imagesaga.deletion.DeletionCommand.Resume;
import io.imagesaga.deletion.DeletionCommand.Settle;
import io.imagesaga.deletion.DeletionCommand.Start;
import io.imagesaga.deletion.DeletionCommand.Unavailable;
import io.imagesaga.image.DeleteOutcome;
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
 * One delete ({@code Deletion|<uuid>}), persisted so that it never half-happens: the name is
 * resolved, the plan journaled ({@link DeletionEvent.Started}) before the first step changes
 * anything, the steps run ({@link DeleteSteps}), and the end is journaled: a refusal before the
 * client hears of it, the records as the client hears of them (see {@link #onStepsEnded}).
 *
 * <p>After a crash the saga resumes by itself from {@link RecoveryCompleted}: it asks the image
 * whether the first step was taken; if not, the saga is abandoned (its client never had an
 * answer); if so, the steps run again, each entity answering the steps it already took with
 * their first outcomes, until the delete is complete. Once its end is journaled the saga never
 * runs a step again, and tells the entities its steps touched to forget them.
 */
public final class DeletionEntity extends
    EventSourcedBehaviorWithEnforcedReplies<DeletionCommand, DeletionEvent, DeletionState> {

  public static final EntityTypeKey<DeletionCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(DeletionCommand.class, "Deletion");
  public static final String TAG = "deletion";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** What the saga tells itself; callers send only {@link DeletionCommand}'s public records. */
  sealed interface Internal extends DeletionCommand {}

  /** The name resolved: the plan to persist, with who asked for it, and run. */
  private record Planned(DeletePlan plan, Provenance provenance, ActorRef<Result> replyTo)
      implements Internal {}

  /** The name did not resolve, or not to the expected image: nothing happened. */
  private record NotPlanned(Rejection rejection, ActorRef<Result> replyTo) implements Internal {}

  /** Resolving the name failed for a reason other than the request. */
  private record NotResolved(String reason, ActorRef<Result> replyTo) implements Internal {}

  /** What the target image says of this saga, asked when resuming. */
  private record Recalled(DeleteOutcome outcome) implements Internal {}

  /** The steps ran to their end: the records, or the rejection that stopped them. */
  private record StepsEnded(Result result) implements Internal {}

  /** A step failed for want of an answer (a timeout, a node lost): try again shortly. */
  private record StepsInterrupted(String reason) implements Internal {}

  /** Time to try the steps again. */
  private enum Retry implements Internal {
    INSTANCE
  }

  private final String sagaId;
  private final DeletionDependencies deps;
  private final ActorContext<DeletionCommand> context;
  private final TimerScheduler<DeletionCommand> timers;
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final SagaWaiters<Result> waiters = new SagaWaiters<>();
  private boolean running;
  /** Whether a {@link Start} is being planned: the saga is not idle, though not started yet. */
  private boolean planning;
  /** Whether this incarnation knows the first step may be run (it planned it, or recalled it). */
  private boolean mayRun;

  /**
   * A saga outside sharding (tests): it stays in memory when it ends.
   */
  public static Behavior<DeletionCommand> create(String sagaId, DeletionDependencies deps) {
    return create(sagaId, deps, Optional.empty());
  }

  /**
   * A sharded saga: once it has given its final answer (its end, or a refusal before it
   * started) it asks {@code shard} to passivate it, so that answered sagas do not pile up in
   * memory; an ended one that a later message wakes leaves again. Sharding itself never
   * passivates a saga ({@link Deletions#init}), so an open one keeps its retry timer.
   */
  public static Behavior<DeletionCommand> create(String sagaId, DeletionDependencies deps,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new DeletionEntity(sagaId, deps, context, timers, shard)));
  }

  private DeletionEntity(String sagaId, DeletionDependencies deps,
      ActorContext<DeletionCommand> context, TimerScheduler<DeletionCommand> timers,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), sagaId), SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.sagaId = sagaId;
    this.deps = deps;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
  }

  private void passivate() {
    shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(context.getSelf())));
  }

  /** Leaves memory if there is nothing to do: ended, or never started and no start planned. */
  private void passivateIfIdle(DeletionState state) {
    if (state.phase() == DeletionState.Phase.ENDED
        || state.phase() == DeletionState.Phase.NEW && !planning) {
      passivate();
    }
  }

  @Override
  public DeletionState emptyState() {
    return DeletionState.initial();
  }

  @Override
  public CommandHandlerWithReply<DeletionCommand, DeletionEvent, DeletionState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forState(state -> state.phase() == DeletionState.Phase.NEW)
        .onCommand(Start.class, this::onStart)
        .onCommand(Planned.class, this::onPlanned)
        .onCommand(NotPlanned.class, this::onNotPlanned)
        .onCommand(NotResolved.class, this::onNotResolved);
    builder.forState(DeletionState::isStarted)
        .onCommand(Recalled.class, this::onRecalled)
        .onCommand(StepsEnded.class, this::onStepsEnded)
        .onCommand(StepsInterrupted.class, this::onStepsInterrupted)
        .onCommand(Retry.class, this::onRetry);
    builder.forAnyState()
        .onCommand(Settle.class, this::onSettle)
        .onCommand(Start.class, this::onStartedAgain)
        .onCommand(Resume.class, this::onResume)
        .onAnyCommand((state, cmd) -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<DeletionEvent, DeletionState> onNotPlanned(
      DeletionState state, NotPlanned cmd) {
    planning = false;
    deps.metrics().refused(cmd.rejection());
    passivate();
    waiters.ended(Optional.of(new Refused(cmd.rejection())));
    return Effect().reply(cmd.replyTo(), new Refused(cmd.rejection()));
  }

  private ReplyEffect<DeletionEvent, DeletionState> onNotResolved(
      DeletionState state, NotResolved cmd) {
    planning = false;
    passivate();
    waiters.ended(Optional.of(new Unavailable(cmd.reason())));
    return Effect().reply(cmd.replyTo(), new Unavailable(cmd.reason()));
  }

  private ReplyEffect<DeletionEvent, DeletionState> onStepsInterrupted(
      DeletionState state, StepsInterrupted cmd) {
    context.getLog().warn("delete {} interrupted ({}); retrying", sagaId, cmd.reason());
    timers.startSingleTimer(Retry.INSTANCE, RETRY_AFTER);
    running = false;
    return Effect().noReply();
  }

  private ReplyEffect<DeletionEvent, DeletionState> onRetry(DeletionState state, Retry cmd) {
    if (mayRun) {
      runSteps(state);
    } else {
      resume(state);
    }
    return Effect().noReply();
  }

  /**
   * A start of a saga that has one already (a fleet delete asking a host again, after a crash
   * or a lost answer) is answered with the first one's result, never run twice: at once from
   * the journaled end, or when the saga under way ends.
   */
  private ReplyEffect<DeletionEvent, DeletionState> onStartedAgain(
      DeletionState state, Start cmd) {
    Optional<Result> result = state.result();
    if (result.isPresent()) {
      passivateIfIdle(state);
      return Effect().reply(cmd.replyTo(), result.get());
    }
    waiters.askedAgain(cmd.replyTo());
    return Effect().noReply();
  }

  private ReplyEffect<DeletionEvent, DeletionState> onResume(DeletionState state, Resume cmd) {
    passivateIfIdle(state);
    return Effect().noReply();
  }

  private ReplyEffect<DeletionEvent, DeletionState> onStart(DeletionState state, Start cmd) {
    if (planning) {
      return onStartedAgain(state, cmd);
    }
    planning = true;
    context.pipeToSelf(deps.planner().plan(cmd), (plan, failure) -> {
      if (failure == null) {
        return new Planned(plan, cmd.provenance(), cmd.replyTo());
      }
      Rejection rejection = RejectedException.of(failure);
      return rejection == null ? new NotResolved(failure.toString(), cmd.replyTo())
          : new NotPlanned(rejection, cmd.replyTo());
    });
    return Effect().noReply();
  }

  private ReplyEffect<DeletionEvent, DeletionState> onPlanned(DeletionState state, Planned cmd) {
    planning = false;
    waiters.client(cmd.replyTo());
    mayRun = true;
    return Effect().persist(
            new DeletionEvent.Started(cmd.plan(), cmd.provenance(), deps.clock().instant()))
        .thenRun(started -> {
          deps.metrics().started(SagaMetrics.DELETE);
          runSteps(started);
        })
        .thenNoReply();
  }

  /** Runs the plan's steps, unless a run is already under way; the end comes as a message. */
  private void runSteps(DeletionState state) {
    if (!running) {
      running = true;
      context.pipeToSelf(deps.steps().run(sagaId, state.plan()), (records, failure) -> {
        if (failure == null) {
          return new StepsEnded(new Finished(records));
        }
        Rejection rejection = RejectedException.of(failure);
        return rejection == null ? new StepsInterrupted(failure.toString())
            : new StepsEnded(new Refused(rejection));
      });
    }
  }

  private ReplyEffect<DeletionEvent, DeletionState> onRecalled(
      DeletionState state, Recalled cmd) {
    if (cmd.outcome() instanceof DeleteOutcome.NotTaken) {
      return end(new DeletionEvent.Abandoned(deps.clock().instant()),
          Optional.of(DeletionCommand.Abandoned.INSTANCE));
    }
    running = false;
    mayRun = true;
    runSteps(state);
    return Effect().noReply();
  }

  /**
   * A finished saga answers before its end is journaled: every step it took is on disk and
   * remembered by its saga until the end is, so a crash before the end makes recovery run the
   * steps again, which change nothing and yield these very records (docs/design.md, "The delete
   * saga"). A refusal waits for its end: recovery would abandon a saga whose first step
   * refused, not refuse it again.
   */
  private ReplyEffect<DeletionEvent, DeletionState> onStepsEnded(
      DeletionState state, StepsEnded cmd) {
    running = false;
    if (cmd.result() instanceof Finished finished) {
      waiters.answered(finished);
      return end(new DeletionEvent.Finished(finished.records(), deps.clock().instant()),
          Optional.empty());
    }
    Rejection rejection = state.plan().whenReferenceGone(((Refused) cmd.result()).rejection());
    return end(new DeletionEvent.Failed(rejection, deps.clock().instant()),
        Optional.of(new Refused(rejection)));
  }

  private ReplyEffect<DeletionEvent, DeletionState> end(
      DeletionEvent event, Optional<Result> result) {
    return Effect().persist(event).thenRun(ended -> {
      counted(event);
      deps.steps().forget(sagaId);
      waiters.ended(result);
      passivate();
    }).thenNoReply();
  }

  /** The saga's end, in the node's counters: its outcome, and a refusal's conflict. */
  private void counted(DeletionEvent end) {
    if (end instanceof DeletionEvent.Failed failed) {
      deps.metrics().refused(failed.rejection());
    }
    deps.metrics().finished(SagaMetrics.DELETE, end instanceof DeletionEvent.Finished
        ? SagaMetrics.COMPLETED : end instanceof DeletionEvent.Failed ? SagaMetrics.REFUSED
        : SagaMetrics.ABANDONED);
  }

  private ReplyEffect<DeletionEvent, DeletionState> onSettle(DeletionState state, Settle cmd) {
    if (!state.isStarted()) {
      passivateIfIdle(state);
      return Effect().reply(cmd.replyTo(), Done.getInstance());
    }
    waiters.settleLater(cmd.replyTo());
    return Effect().noReply();
  }

  /** A saga found unfinished on recovery first asks whether its first step was taken. */
  private void resume(DeletionState state) {
    if (!state.isStarted()) {
      return;
    }
    running = true;
    context.getLog().info("resuming delete {} of {}", sagaId, state.plan().input());
    context.pipeToSelf(deps.recall().recall(state.plan().image(), sagaId),
        (outcome, failure) -> failure == null ? new Recalled(outcome)
            : new StepsInterrupted(failure.toString()));
  }

  @Override
  public SignalHandler<DeletionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.phase() == DeletionState.Phase.ENDED) {
            passivate();
          }
          if (state.isStarted()) {
            deps.metrics().resumed(SagaMetrics.DELETE);
          }
          resume(state);
        })
        .build();
  }

  @Override
  public EventHandler<DeletionState, DeletionEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(DeletionState::apply);
  }

  @Override
  public Set<String> tagsFor(DeletionEvent event) {
    return Set.of(TAG, JournalTags.AUDIT);
  }
}
