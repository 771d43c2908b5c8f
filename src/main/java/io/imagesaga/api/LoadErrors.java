package io.imagesaga.api;

import io.imagesaga.RejectedException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** A failure inside a JSON message stream: {@code {"errorDetail":{...},"error":...}}. */
final class LoadErrors {
  private LoadErrors() {}

  static Map<String, Object> of(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    String message = cause instanceof RejectedException r ? r.rejection().message()
        : String.valueOf(cause.getMessage());
    return Map.of("errorDetail", Map.of("message", message), "error", message);
  }
}
