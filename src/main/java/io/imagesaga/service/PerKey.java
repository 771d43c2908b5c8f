package io.imagesaga.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key, in arrival order, without blocking a thread:
 * each piece starts when the previous one for the same key has ended (either way). An idle key
 * holds nothing.
 */
final class PerKey {
  private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

  <T> CompletionStage<T> run(String key, Supplier<CompletionStage<T>> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<?> previous = tails.put(key, result);
    CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null)
        : previous.handle((ok, failure) -> null);
    before.thenCompose(ready -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return CompletableFuture.<T>failedFuture(e);
      }
    }).whenComplete((value, failure) -> {
      tails.remove(key, result);
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failure);
      }
    });
    return result;
  }
}
