package io.imagesaga.api;

import java.util.Map;

/** A failure inside a JSON message stream: {@code {"errorDetail":{...},"error":...}}. */
final class LoadErrors {
  private LoadErrors() {}

  static Map<String, Object> of(Throwable failure) {
    String message = Errors.message(failure);
    return Map.of("errorDetail", Map.of("message", message), "error", message);
  }
}
