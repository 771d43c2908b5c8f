package io.imagesaga.fleet;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.fleet.FleetDeleteCommand.Current;
import io.imagesaga.fleet.FleetDeleteCommand.Get;
import io.imagesaga.fleet.FleetDeleteCommand.Refused;
import io.imagesaga.fleet.FleetDeleteCommand.Reply;
import io.imagesaga.fleet.FleetDeleteCommand.Start;
import io.imagesaga.fleet.FleetDirectory.HostLink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One fleet delete or prune ({@code FleetDelete|<uuid>}, docs/fleet.md "Fleet deletes"), a saga
 * of the fleet system journaled on PostgreSQL: its plan first, then each host's final answer,
 * then the hosts reported unreachable and its end. Hosts are asked in parallel, at most
 * {@code parallel-hosts} at a time; a host that is not reachable, does not answer within
 * {@code host-timeout} or answers 503 stays pending and is asked again every {@code
 * retry-every} (its part is done once whatever the number of asks); past the plan's deadline
 * the pending hosts are reported unreachable and the saga ends.
 *
 * <p>After a crash the saga carries on from its journal as soon as its shard starts again, on
 * a survivor if its agent is gone: the entity type remembers its entities ({@link
 * FleetDeletes#init}). It leaves memory, and the remembered set, once finished and answered.
 */
public final class FleetDeleteEntity extends FleetEntity<
    FleetDeleteCommand, FleetDeleteEvent, FleetDeleteState> {

  public static final EntityTypeKey<FleetDeleteCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(FleetDeleteCommand.class, "FleetDelete");
  public static final String TAG = "fleet-delete";

  /** What the saga tells itself. */
  sealed interface Internal extends FleetDeleteCommand {}

  private record Planned(FleetDeletePlan plan) implements Internal {}

  private record NotPlanned(Rejection rejection) implements Internal {}

  /** The directory's hosts now, to ask the pending ones that are reachable. */
  private record HostsFound(List<HostLink> hosts) implements Internal {}

  private record Answered(String host, HostResult result) implements Internal {}

  private record NotAnswered(String host, String reason) implements Internal {}

  private enum Tick implements Internal {
    INSTANCE
  }

  /** A saga restarted before it had a plan: it leaves unless a start came meanwhile. */
  private enum LeaveIfIdle implements Internal {
    INSTANCE
  }

  /** The directory could not be read: nothing is known of the hosts' reachability. */
  private enum NoDirectory implements Internal {
    INSTANCE
  }

  private final String id;
  private final FleetDeleteDependencies deps;
  private final ActorContext<FleetDeleteCommand> context;
  private final TimerScheduler<FleetDeleteCommand> timers;
  private final FleetDeleteClients clients;
  private final FleetDeleteAsking asking;
  private boolean planning;

  public static Behavior<FleetDeleteCommand> create(String id, FleetDeleteDependencies deps,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new FleetDeleteEntity(id, deps, context, timers, shard)));
  }

  private FleetDeleteEntity(String id, FleetDeleteDependencies deps,
      ActorContext<FleetDeleteCommand> context, TimerScheduler<FleetDeleteCommand> timers,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), id), SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.id = id;
    this.deps = deps;
    this.context = context;
    this.timers = timers;
    this.clients = new FleetDeleteClients(shard, context.getSelf());
    this.asking = new FleetDeleteAsking(id, deps, context, Answered::new, NotAnswered::new);
  }

  @Override
  public FleetDeleteState emptyState() {
    return FleetDeleteState.initial();
  }

  @Override
  public CommandHandlerWithReply<FleetDeleteCommand, FleetDeleteEvent, FleetDeleteState>
      commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forState(state -> !state.isStarted())
        .onCommand(Start.class, this::onStart)
        .onCommand(Planned.class, this::onPlanned)
        .onCommand(NotPlanned.class, (state, cmd) -> {
          planning = false;
          clients.ended(new Refused(cmd.rejection()));
          return Effect().noReply();
        })
        .onCommand(Get.class, (state, cmd) -> {
          clients.passivateIfIdle(state, planning);
          return Effect().reply(cmd.replyTo(), new Refused(planning
              ? new Rejection.Unavailable("fleet delete " + id + " is being planned; try again")
              : new Rejection.NotFound("No such fleet delete: " + id)));
        });
    builder.forState(state -> state.isStarted() && !state.finished())
        .onCommand(Tick.class, this::onTick)
        .onCommand(HostsFound.class, (state, cmd) -> {
          asking.found(state, cmd.hosts());
          return Effect().noReply();
        })
        .onCommand(NoDirectory.class, (state, cmd) -> Effect().noReply())
        .onCommand(Answered.class, this::onAnswered)
        .onCommand(NotAnswered.class, (state, cmd) -> {
          asking.notAnswered(state, cmd.host(), cmd.reason());
          return Effect().noReply();
        });
    builder.forAnyState()
        .onCommand(LeaveIfIdle.class, (state, cmd) -> {
          clients.passivateIfIdle(state, planning);
          return Effect().noReply();
        })
        .onCommand(Start.class, (state, cmd) -> current(state, cmd.replyTo(), true))
        .onCommand(Get.class, (state, cmd) -> current(state, cmd.replyTo(), false))
        .onAnyCommand((state, cmd) -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<FleetDeleteEvent, FleetDeleteState> onStart(
      FleetDeleteState state, Start cmd) {
    if (planning) {
      clients.askedAgain(cmd.replyTo());
      return Effect().noReply();
    }
    planning = true;
    clients.client(cmd.replyTo());
    context.pipeToSelf(deps.plan(id, cmd.request()), (plan, failure) -> failure == null
        ? new Planned(plan) : new NotPlanned(RejectedException.of(failure)));
    return Effect().noReply();
  }

  private ReplyEffect<FleetDeleteEvent, FleetDeleteState> onPlanned(
      FleetDeleteState state, Planned cmd) {
    planning = false;
    return Effect().persist(new FleetDeleteEvent.Started(cmd.plan(), deps.clock().instant()))
        .thenRun(this::carryOn)
        .thenNoReply();
  }

  /** Asks the pending hosts now and every {@code retry-every}, until the saga ends. */
  private void carryOn(FleetDeleteState state) {
    timers.startTimerWithFixedDelay(Tick.INSTANCE, deps.settings().retryEvery());
    context.getSelf().tell(Tick.INSTANCE);
  }

  private ReplyEffect<FleetDeleteEvent, FleetDeleteState> onTick(
      FleetDeleteState state, Tick tick) {
    List<FleetDeleteEvent> end = state.endAt(deps.clock().instant(), asking.triedLate());
    if (!end.isEmpty()) {
      return Effect().persist(end).thenRun(this::ended).thenNoReply();
    }
    context.pipeToSelf(deps.directory().hosts(), (hosts, failure) -> failure == null
        ? new HostsFound(hosts) : NoDirectory.INSTANCE);
    return Effect().noReply();
  }

  private ReplyEffect<FleetDeleteEvent, FleetDeleteState> onAnswered(
      FleetDeleteState state, Answered cmd) {
    if (!asking.answered(state, cmd.host(), cmd.result())) {
      return Effect().noReply();
    }
    return Effect().persist(new FleetDeleteEvent.HostAnswered(cmd.host(), cmd.result(),
            deps.clock().instant()))
        .thenRun(after -> {
          if (after.pending().isEmpty()) {
            context.getSelf().tell(Tick.INSTANCE);
          } else {
            asking.askPending(after);
          }
        })
        .thenNoReply();
  }

  private void ended(FleetDeleteState state) {
    timers.cancelAll();
    clients.ended(new Current(state));
  }

  /**
   * A started saga's state: at once to a {@link Get}, and to a {@link Start} asked again once
   * finished (before, the start waits for the end); a finished saga then leaves memory.
   */
  private ReplyEffect<FleetDeleteEvent, FleetDeleteState> current(
      FleetDeleteState state, ActorRef<Reply> replyTo, boolean waits) {
    if (waits && !state.finished()) {
      clients.askedAgain(replyTo);
      return Effect().noReply();
    }
    clients.passivateIfIdle(state, planning);
    return Effect().reply(replyTo, new Current(state));
  }

  @Override
  public SignalHandler<FleetDeleteState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.finished()) {
            clients.passivate();
          } else if (state.isStarted()) {
            context.getLog().info("fleet delete {}: carrying on, pending {}", id,
                state.pending());
            carryOn(state);
          } else {
            // Remembered while its agent planned it and died: no client waits for it any more.
            timers.startSingleTimer(LeaveIfIdle.INSTANCE, deps.settings().hostTimeout());
          }
        })
        .build();
  }

  @Override
  public EventHandler<FleetDeleteState, FleetDeleteEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(FleetDeleteState::apply);
  }

  @Override
  public Set<String> tagsFor(FleetDeleteEvent event) {
    return Set.of(TAG);
  }
}
