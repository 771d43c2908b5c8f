package io.imagesaga;

import java.util.concurrent.CompletionException;

/** What failed, seen through the wrappers that completion stages put around it. */
public final class Failures {
  private Failures() {}

  /**
   * The failure a {@code CompletionException} wraps ({@code CompletableFuture} wraps what a
   * dependent stage threw), else {@code failure} itself.
   */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }
}
