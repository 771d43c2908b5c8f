package io.imagesaga;


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
    return Failures.cause(failure) instanceof RejectedException rejected
        ? rejected.rejection : null;
  }
}
