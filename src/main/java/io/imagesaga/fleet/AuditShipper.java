package io.imagesaga.fleet;

import io.imagesaga.Failures;
import io.imagesaga.JournalTags;
import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.LeveldbEventJournal;
import java.sql.BatchUpdateException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the host's audit log into the fleet's {@code fleet_audit} table, one round at a time:
 * it takes the audit tag's end from the host's LevelDB (reading no event), reads the offset
 * stored for the host (at start and after a failure), then reads the events after it up to
 * that end and writes them in batches of at most {@code audit-shipping.batch}, each batch with
 * the offset it reaches in one transaction; the next round follows {@code poll-every} later.
 * A round reads what was written before it began, as {@code docker events} replays up to an end
 * taken first, instead of following LevelDB's live tag query, which learns of writes by
 * notification and so may deliver them late.
 *
 * <p>At least once, and idempotent: a batch whose commit went unanswered is written again
 * from the stored offset, and its events, keyed by host, persistence ID and sequence number,
 * insert nothing. The database work runs on a thread of its own and the journal is only read,
 * so a slow or absent PostgreSQL never holds up the host: a failed round is logged and tried
 * again after a backoff, doubling from {@code poll-every} up to {@code max-backoff}.
 */
final class AuditShipper {
  private static final Logger log = LoggerFactory.getLogger(AuditShipper.class);
  static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final int REASON_LENGTH = 300;

  /** What the shipper is sent: {@link Stop} by its owner, the rest by itself. */
  sealed interface Command {}

  /**
   * Stop shipping, and answer once no batch is being written: the fleet's shutdown sends it
   * first, as a system actor would otherwise ship on until remoting has shut down, after the
   * agent's close returned.
   */
  record Stop(ActorRef<Done> replyTo) implements Command {}

  private enum Ship implements Command { INSTANCE }

  /** Where a round ended: the offset shipped, and the host's end it was taken against. */
  private record Round(long offset, long end) {}

  private record Shipped(Round round, Throwable failure) implements Command {}

  private final TimerScheduler<Command> timers;
  private final FleetSettings settings;
  private final HostJournal host;
  private final AuditJournal journal;
  private final AuditShipping progress;
  private final AuditTable table;
  private final ExecutorService database = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imagesaga-audit-shipping");
    thread.setDaemon(true);
    return thread;
  });
  private boolean warnedBehind;

  private AuditShipper(TimerScheduler<Command> timers, FleetSettings settings, HostJournal host,
      AuditShipping progress) {
    this.timers = timers;
    this.settings = settings;
    this.host = host;
    this.journal = new AuditJournal(host.system(), host.readJournalPluginId());
    this.progress = progress;
    this.table = new AuditTable(settings.jdbc(), settings.hostName());
  }

  static Behavior<Command> create(FleetSettings settings, HostJournal host,
      AuditShipping progress) {
    // A defect in the shipper must not end shipping for the agent's life.
    return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(
            timers -> {
              context.getSelf().tell(Ship.INSTANCE);
              return new AuditShipper(timers, settings, host, progress)
                  .idle(context, OptionalLong.empty(), 0);
            })))
        .onFailure(SupervisorStrategy.restartWithBackoff(settings.shippingPollEvery(),
            settings.shippingMaxBackoff(), 0.2));
  }

  /** Between rounds: {@code stored} is the offset shipped, when known for sure. */
  private Behavior<Command> idle(ActorContext<Command> context, OptionalLong stored,
      int failures) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Ship.INSTANCE, () -> {
          context.pipeToSelf(round(stored), Shipped::new);
          return Behaviors.same();
        })
        .onMessage(Shipped.class, shipped -> shipped.failure() == null
            ? shipped(context, shipped.round(), failures)
            : failed(context, shipped.failure(), failures + 1))
        .onMessage(Stop.class, stop -> {
          close(true);
          stop.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, signal -> close(true))
        .onSignal(PreRestart.class, signal -> close(false))
        .build();
  }

  private Behavior<Command> shipped(ActorContext<Command> context, Round round, int failures) {
    if (failures > 0) {
      log.info("fleet: shipping host {}'s audit log again, up to #{}", settings.hostName(),
          round.offset());
    }
    if (round.end() < round.offset() && !warnedBehind) {
      warnedBehind = true;
      log.warn("fleet: host {}'s audit log ends at #{}, but #{} of it was shipped already: "
          + "another journal under the same host name (a data dir replaced or restored)? Its "
          + "events are shipped from #{} on", settings.hostName(), round.end(), round.offset(),
          round.offset() + 1);
    }
    timers.startSingleTimer(Ship.INSTANCE, settings.shippingPollEvery());
    return idle(context, OptionalLong.of(round.offset()), 0);
  }

  private Behavior<Command> failed(ActorContext<Command> context, Throwable failure,
      int failures) {
    Duration delay = backoff(failures, settings.shippingPollEvery(),
        settings.shippingMaxBackoff());
    log.warn("fleet: cannot ship host {}'s audit log ({}; attempt {}); the host carries on, "
        + "trying again in {} ms", settings.hostName(), reason(failure), failures,
        delay.toMillis());
    log.debug("audit shipping failed", failure);
    timers.startSingleTimer(Ship.INSTANCE, delay);
    return idle(context, OptionalLong.empty(), failures);
  }

  /** What went wrong, in a line: a failed batch's cause, not its statement and values. */
  static String reason(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof BatchUpdateException batch && batch.getNextException() != null) {
      cause = batch.getNextException();
    }
    String message = cause.getMessage() == null ? cause.getClass().getName()
        : cause.getMessage();
    return message.length() > REASON_LENGTH ? message.substring(0, REASON_LENGTH) + "…"
        : message;
  }

  /** The wait after the {@code failures}th failure in a row: doubling, at most {@code max}. */
  static Duration backoff(int failures, Duration first, Duration max) {
    Duration delay = first.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 30));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private CompletionStage<Round> round(OptionalLong stored) {
    return LeveldbEventJournal.end(host.system(), JournalTags.AUDIT, settings.hostTimeout())
        .thenCompose(end -> {
          progress.hostEnd(end);
          return from(stored).thenCompose(from -> ship(from, end))
              .thenApply(offset -> new Round(offset, end));
        });
  }

  private CompletionStage<Long> from(OptionalLong stored) {
    if (stored.isPresent()) {
      return CompletableFuture.completedFuture(stored.getAsLong());
    }
    return onDatabase(table::shippedOffset).thenApply(offset -> {
      progress.stored(offset);
      return offset;
    });
  }

  /** Ships the events after {@code from} up to {@code end}; the offset reached. */
  private CompletionStage<Long> ship(long from, long end) {
    if (end <= from) {
      return CompletableFuture.completedFuture(from);
    }
    return journal.records(from)
        .takeWhile(record -> record.offset() <= end)
        .grouped(settings.shippingBatch())
        .mapAsync(1, batch -> onDatabase(() -> table.append(batch)).thenApply(offset -> {
          progress.shipped(offset, batch.size());
          return offset;
        }))
        .runWith(Sink.fold(from, (reached, offset) -> offset), host.system());
  }

  private <T> CompletionStage<T> onDatabase(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      database.execute(() -> {
        try {
          result.complete(work.call());
        } catch (Exception | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /**
   * Ends the database work; on a stop, waits a moment for a batch in flight, so that a stopped
   * shipper has stopped writing (a restarted one reads the offset its last batch left).
   */
  private Behavior<Command> close(boolean waitForBatch) throws InterruptedException {
    if (database.isShutdown()) {
      return Behaviors.same(); // closed by the Stop that came before this PostStop
    }
    if (!waitForBatch) {
      database.execute(table::close); // after the batch in flight, on the database's thread
      database.shutdown();
      return Behaviors.same();
    }
    database.shutdown();
    if (database.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
      table.close();
    } else {
      log.warn("fleet: a batch of host {}'s audit log was still being written at the stop; "
          + "the next start ships from whatever offset it left", settings.hostName());
    }
    return Behaviors.same();
  }
}
