package io.imagesaga.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the fleet's schema ({@link FleetSchema}) until it succeeds, then hands over to
 * {@code applied} (the join) and stops. While PostgreSQL is away the host serves alone: each
 * failed attempt reports its reason to {@code away} and is tried again after a backoff doubling
 * from {@code schema-retry.first} up to {@code schema-retry.max-backoff}. The log says when the
 * reason changes, not on every attempt, so a database away for a day leaves a line, not
 * thousands. The database work runs on the blocking dispatcher, never on the actor's thread.
 */
final class SchemaApplier {
  private static final Logger log = LoggerFactory.getLogger(SchemaApplier.class);

  sealed interface Command {}

  private enum Attempt implements Command { INSTANCE }

  /** An attempt's end: {@code failure} is null when the schema is applied. */
  private record Attempted(Throwable failure) implements Command {}

  private final FleetSettings settings;
  private final Consumer<String> away;
  private final Runnable applied;
  private final TimerScheduler<Command> timers;
  private final Executor blocking;

  private SchemaApplier(FleetSettings settings, Consumer<String> away, Runnable applied,
      ActorContext<Command> context, TimerScheduler<Command> timers) {
    this.settings = settings;
    this.away = away;
    this.applied = applied;
    this.timers = timers;
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  /**
   * @param away told why PostgreSQL is not reachable, after each failed attempt
   * @param applied run once, on the actor's thread, when the schema is applied
   */
  static Behavior<Command> create(FleetSettings settings, Consumer<String> away,
      Runnable applied) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSelf().tell(Attempt.INSTANCE);
      return new SchemaApplier(settings, away, applied, context, timers).waiting(context, 0, null);
    }));
  }

  /** Between attempts, after {@code failures} in a row, the last for {@code reason}. */
  private Behavior<Command> waiting(ActorContext<Command> context, int failures,
      String reason) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Attempt.INSTANCE, () -> {
          context.pipeToSelf(CompletableFuture.runAsync(this::apply, blocking),
              (done, failure) -> new Attempted(failure));
          return Behaviors.same();
        })
        .onMessage(Attempted.class, attempted -> attempted.failure() == null
            ? applied(failures)
            : failed(context, failures + 1, reason, AuditShipper.reason(attempted.failure())))
        .build();
  }

  private void apply() {
    try {
      FleetSchema.apply(settings.jdbc());
    } catch (java.sql.SQLException e) {
      throw new CompletionException(e);
    }
  }

  private Behavior<Command> applied(int failures) {
    if (failures > 0) {
      log.info("fleet: the fleet's PostgreSQL at {} is reachable again after {} attempts; "
          + "host {} joins the fleet", settings.jdbc().where(), failures + 1,
          settings.hostName());
    }
    applied.run();
    return Behaviors.stopped();
  }

  private Behavior<Command> failed(ActorContext<Command> context, int failures,
      String lastReason, String reason) {
    Duration delay = AuditShipper.backoff(failures, settings.schemaRetryFirst(),
        settings.schemaRetryMaxBackoff());
    if (!Objects.equals(reason, lastReason)) {
      log.warn("fleet: the fleet's PostgreSQL at {} is not reachable ({}); host {} serves "
          + "alone and tries again, waiting up to {} ms between attempts",
          settings.jdbc().where(), reason, settings.hostName(),
          settings.schemaRetryMaxBackoff().toMillis());
    } else {
      log.debug("fleet: PostgreSQL still not reachable after {} attempts ({})", failures,
          reason);
    }
    away.accept(reason);
    timers.startSingleTimer(Attempt.INSTANCE, delay);
    return waiting(context, failures, reason);
  }
}
