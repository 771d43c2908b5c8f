package io.imagesaga;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Replies to asks, made into plain stages whose dependents run on the thread that completed
 * them.
 *
 * <p>Pekko's Java {@code ask} returns Scala's {@code CompletableFuture} wrapper, which runs every
 * dependent stage ({@code thenApply}, {@code thenCompose}, {@code whenComplete}…) as its
 * {@code …Async} twin on the JDK's default async executor; on a two-core machine that executor
 * starts a new thread per task, so every step of a saga paid a thread start (a few hundred
 * microseconds, and jitter) before it could send the next step. The dependents of a saga's asks
 * only build and send the next message, which is cheap and never blocks.
 */
public final class Replies {
  private Replies() {}

  /** {@code reply}, whose dependents run where it completes (no thread of their own). */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> reply) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    reply.toCompletableFuture().whenCompleteAsync((value, failure) -> {
      if (failure == null) {
        plain.complete(value);
      } else {
        plain.completeExceptionally(Failures.cause(failure));
      }
    }, Runnable::run);
    return plain;
  }
}
