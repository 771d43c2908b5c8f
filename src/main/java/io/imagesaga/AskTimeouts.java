package io.imagesaga;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Asks a client waits on: their timeout becomes {@link Rejection.Unavailable} naming what did not
 * answer, so that the client gets a 503 it can act on instead of an exception's text. Only for
 * the request's own path: a saga's steps must keep seeing a timeout as an interruption to retry,
 * never as a refusal that would end the saga.
 */
public final class AskTimeouts {
  private AskTimeouts() {}

  /** An ask with nothing behind it: nothing happened, the client may simply try again. */
  public static <T> CompletionStage<T> waitingFor(
      String what, Duration timeout, CompletionStage<T> ask) {
    return named(ask, "timed out after " + seconds(timeout) + " waiting for " + what
        + "; try again");
  }

  /**
   * The ask of a delete or operation: its plan is journaled, so it goes on after the client
   * stopped waiting and ends on its own (docs/design.md, "Operations").
   */
  public static <T> CompletionStage<T> waitingForSaga(
      String what, Duration timeout, CompletionStage<T> ask) {
    return named(ask, "timed out after " + seconds(timeout) + " waiting for " + what
        + "; it carries on in the background, so check the outcome before trying again");
  }

  /**
   * {@code ask}'s answer, its dependents run on {@code executor}. Pekko's Java asks answer with
   * Scala's {@code CompletableFuture}, whose every stage runs on the JDK's default async pool:
   * with fewer than 3 processors that pool starts a thread per stage (tens of thousands in one
   * large load). Handing the answer to the actor system's dispatcher costs one task instead.
   */
  public static <T> CompletionStage<T> on(Executor executor, CompletionStage<T> ask) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    ask.whenCompleteAsync((value, failure) -> {
      if (failure == null) {
        answer.complete(value);
      } else {
        answer.completeExceptionally(failure);
      }
    }, executor);
    return answer;
  }

  /** Whether {@code failure}, or the failure a {@code CompletionException} wraps, is a timeout. */
  public static boolean isTimeout(Throwable failure) {
    return Failures.cause(failure) instanceof TimeoutException;
  }

  private static <T> CompletionStage<T> named(CompletionStage<T> ask, String message) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    ask.whenComplete((value, failure) -> {
      if (failure == null) {
        answer.complete(value);
      } else {
        answer.completeExceptionally(isTimeout(failure)
            ? new RejectedException(new Rejection.Unavailable(message)) : failure);
      }
    });
    return answer;
  }

  /** {@code 10s}, {@code 1.5s}, {@code 200ms}. */
  public static String seconds(Duration timeout) {
    long millis = timeout.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s"
        : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
