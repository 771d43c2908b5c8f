package io.imagesaga;

import java.util.concurrent.CompletionException;

/** Carries a {@link Rejection} through a failed {@code CompletionStage} to the edge. */
public final class RejectedException extends RuntimeException {
  private final transient Rejection rejection;

  public RejectedException(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }

  /**
   * The rejection a failed stage carries, looking through the {@code CompletionException} that
   * {@code CompletableFuture} wraps it in; null when the failure is not a rejection.
   */
  public static Rejection of(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof RejectedException rejected ? rejected.rejection : null;
  }
}
