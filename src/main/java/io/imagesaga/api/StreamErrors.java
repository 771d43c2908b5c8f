package io.imagesaga.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure inside a JSON message stream (load, pull), as dockerd's {@code FormatError} writes
 * it: {@code {"errorDetail":{"message":m},"error":m}}, in that order.
 */
final class StreamErrors {
  private StreamErrors() {}

  /**
   * The message of {@code failure} as {@link Errors#message} gives it: a rejection's (an archive
   * that cannot be read is one), a registry's answer, else {@link Errors#INTERNAL}, the
   * failure's own text (a path, "No space left on device") only in the log.
   */
  static Map<String, Object> of(Throwable failure) {
    String message = Errors.message(failure);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorDetail", Map.of("message", message));
    error.put("error", message);
    return error;
  }
}
