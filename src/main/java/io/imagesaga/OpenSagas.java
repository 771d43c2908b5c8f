package io.imagesaga;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.Checkpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of open sagas (started, not ended), kept up to date from the journal while the
 * node runs, and the resumer that goes with it: every {@code every} it reads what the sagas'
 * tags gained since its last look, wakes each saga that has stayed open since then (if its
 * actor is gone, crashed or stopped mid-flight, the wake-up recovers it and recovery carries it
 * on; a live one ignores it), and saves the index so that a start reads only what followed.
 */
public final class OpenSagas {
  private static final Logger log = LoggerFactory.getLogger(OpenSagas.class);

  /** What the resumer's actor handles: its own messages only. */
  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  /** The node is stopping: no more looks (the journal is about to close). */
  private enum Stop implements Command { INSTANCE }

  private record Advanced(List<Checkpoint<Boolean>> indexes, Throwable failure)
      implements Command {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Checkpoints checkpoints;
  private final List<SagaKind<?>> kinds;
  private final Duration every;

  private OpenSagas(ActorContext<Command> context, TimerScheduler<Command> timers,
      Checkpoints checkpoints, List<SagaKind<?>> kinds, Duration every) {
    this.context = context;
    this.timers = timers;
    this.checkpoints = checkpoints;
    this.kinds = kinds;
    this.every = every;
  }

  /** The resumer, starting from {@code indexes} (one per kind, in the same order). */
  public static Behavior<Command> create(Checkpoints checkpoints, List<SagaKind<?>> kinds,
      List<Checkpoint<Boolean>> indexes, Duration every) {
    return Behaviors.setup(outer -> {
      CoordinatedShutdown.get(outer.getSystem()).addTask(CoordinatedShutdown.PhaseServiceStop(),
          "stop-open-sagas", () -> {
            outer.getSelf().tell(Stop.INSTANCE);
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      // A failure must not end the resuming for the node's life: the resumer starts again, from
      // the start's indexes (it reads more, but wakes only what is still open).
      return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(
              timers -> {
                timers.startSingleTimer(Tick.INSTANCE, every);
                return new OpenSagas(context, timers, checkpoints, kinds, every)
                    .watching(indexes);
              })))
          .onFailure(SupervisorStrategy.restartWithBackoff(every, every.multipliedBy(10), 0.2));
    });
  }

  /**
   * Asks every saga open in {@code index} to settle, each for {@code timeout} at most, counting
   * those that ended in {@code settled}; completes, never exceptionally, once every answer came
   * or timed out, with how many ended. A failed ask (a timeout, or a saga restarted by its
   * supervisor that lost the question) only means "not ended yet": the saga carries on.
   */
  public static <C> CompletionStage<Integer> settle(ActorSystem<?> system, SagaKind<C> kind,
      Checkpoint<Boolean> index, Duration timeout, LongAdder settled) {
    ClusterSharding sharding = ClusterSharding.get(system);
    LongAdder ended = new LongAdder();
    return CompletableFuture.allOf(kind.open(index).stream()
            .map(id -> sharding.entityRefFor(kind.type(), id).ask(kind.settle()::apply, timeout)
                .thenRun(() -> {
                  ended.increment();
                  settled.increment();
                })
                .exceptionally(failure -> {
                  log.debug("{} {} not ended: {}", kind.name(), id, failure.toString());
                  return null;
                })
                .toCompletableFuture())
            .toArray(CompletableFuture[]::new))
        .thenApply(done -> ended.intValue());
  }

  private Behavior<Command> watching(List<Checkpoint<Boolean>> indexes) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, () -> {
          context.pipeToSelf(advance(indexes), Advanced::new);
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .onMessage(Advanced.class, advanced -> {
          timers.startSingleTimer(Tick.INSTANCE, every);
          if (advanced.failure() != null) {
            context.getLog().warn("cannot read the open sagas", advanced.failure());
            return Behaviors.same();
          }
          for (int i = 0; i < kinds.size(); i++) {
            carryOn(kinds.get(i), indexes.get(i), advanced.indexes().get(i));
          }
          return watching(advanced.indexes());
        })
        .build();
  }

  private CompletionStage<List<Checkpoint<Boolean>>> advance(List<Checkpoint<Boolean>> from) {
    CompletionStage<List<Checkpoint<Boolean>>> all =
        CompletableFuture.completedFuture(new ArrayList<>());
    for (int i = 0; i < kinds.size(); i++) {
      SagaKind<?> kind = kinds.get(i);
      Checkpoint<Boolean> index = from.get(i);
      all = all.thenCompose(done -> checkpoints.advance(kind.index(), index, new LongAdder())
          .thenApply(next -> {
            done.add(next);
            return done;
          }));
    }
    return all;
  }

  /** Wakes the sagas open at both looks; saves the index if it moved. */
  private <C> void carryOn(SagaKind<C> kind, Checkpoint<Boolean> before,
      Checkpoint<Boolean> now) {
    Set<String> stillOpen = new HashSet<>(kind.open(now));
    stillOpen.retainAll(kind.open(before));
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    for (String id : stillOpen) {
      context.getLog().debug("waking open {} {}", kind.name(), id);
      sharding.entityRefFor(kind.type(), id).tell(kind.resume());
    }
    if (now.offset() != before.offset()) {
      checkpoints.save(now).whenComplete((saved, failure) -> {
        if (failure != null) {
          log.warn("cannot save the index of open {}s", kind.name(), failure);
        }
      });
    }
  }
}
