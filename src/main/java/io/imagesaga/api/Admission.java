package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.failWith;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import io.imagesaga.AskTimeouts;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Lets one kind of long work in (loads, pulls or saves): {@code permits} run at once, each
 * holding a thread of the blocking pool for its whole run; {@code queue} more wait for a turn,
 * each at most {@code queueWait}, which is shorter than the idle timeout since a waiting
 * request writes nothing; past that, {@link Rejection.Busy}, a 503 with {@code Retry-After}.
 * Thread-safe.
 */
final class Admission {
  private final String kind;
  private final Limits.Gate gate;
  private final Duration queueWait;
  private final Duration retryAfter;
  private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
  private int running;

  /** @param kind the work in the plural, as messages name it ({@code loads}) */
  Admission(String kind, Limits.Gate gate, Duration queueWait, Duration retryAfter) {
    this.kind = kind;
    this.gate = gate;
    this.queueWait = queueWait;
    this.retryAfter = retryAfter;
  }

  /** A turn to run, released when the work ends, whichever way; idempotent. */
  final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      CompletableFuture<Permit> next;
      synchronized (Admission.this) {
        next = waiting.poll();
        if (next == null) {
          running--;
        }
      }
      // The turn passes on outside the lock: completing runs the waiter's continuation.
      if (next != null && !next.complete(new Permit())) {
        new Permit().release();
      }
    }

    /**
     * {@code archive}, holding this permit until it ends, however it ends. One that is never
     * run (its client went away before the answer) lets the permit go after
     * {@code neverRunAfter}: no live connection stays silent that long.
     */
    <T, M> Source<T, M> heldBy(Source<T, M> archive, Duration neverRunAfter) {
      AtomicBoolean run = new AtomicBoolean();
      CompletableFuture.delayedExecutor(neverRunAfter.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> {
            if (!run.get()) {
              release();
            }
          });
      return archive.watchTermination((materialized, done) -> {
        run.set(true);
        done.whenComplete((ended, failure) -> release());
        return materialized;
      });
    }
  }

  /**
   * {@code inner} with a permit, which it must release when its work ends (a failure thrown
   * on the way releases it), or the 503 of a refused one.
   */
  Route admit(Function<Permit, Route> inner) {
    return onComplete(enter(), permit -> {
      if (!permit.isSuccess()) {
        return complete(Errors.response(permit.failed().get()));
      }
      Permit turn = permit.get();
      return handleExceptions(ExceptionHandler.newBuilder().matchAny(e -> {
        turn.release();
        return failWith(e);
      }).build(), () -> inner.apply(turn));
    });
  }

  /** A permit now, later (queued), or failed with {@link Rejection.Busy}. */
  CompletionStage<Permit> enter() {
    CompletableFuture<Permit> turn = new CompletableFuture<>();
    synchronized (this) {
      if (running < gate.permits()) {
        running++;
        return CompletableFuture.completedFuture(new Permit());
      }
      if (waiting.size() >= gate.queue()) {
        return CompletableFuture.failedFuture(busy("too many " + kind + " at once: " + running
            + " running and " + waiting.size() + " waiting"));
      }
      waiting.add(turn);
    }
    CompletableFuture.delayedExecutor(queueWait.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> giveUp(turn));
    return turn;
  }

  private void giveUp(CompletableFuture<Permit> turn) {
    boolean removed;
    synchronized (this) {
      removed = waiting.remove(turn);
    }
    if (removed) {
      turn.completeExceptionally(busy("waited " + AskTimeouts.seconds(queueWait)
          + " for one of " + gate.permits() + " running " + kind + " to end"));
    }
  }

  private RejectedException busy(String why) {
    return new RejectedException(new Rejection.Busy(why + "; try again in "
        + AskTimeouts.seconds(retryAfter), retryAfter.toSeconds()));
  }
}
