package io.imagesaga.api;

import io.imagesaga.RejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure inside a JSON message stream (load, pull), as dockerd's {@code FormatError} writes
 * it: {@code {"errorDetail":{"message":m},"error":m}}, in that order.
 */
final class StreamErrors {
  private static final Logger log = LoggerFactory.getLogger(StreamErrors.class);

  private StreamErrors() {}

  /**
   * The message of {@code failure}: a rejection's, or an I/O failure's own (an archive that
   * cannot be read, a registry that answered an error: what dockerd reports in its stream too);
   * anything else is {@link Errors#INTERNAL}, its text only in the log, as a 500's is.
   */
  static Map<String, Object> of(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    cause = cause instanceof UncheckedIOException io ? io.getCause() : cause;
    String message;
    if (cause instanceof IOException io) {
      log.warn("streamed request failed: {}", io.toString());
      message = String.valueOf(io.getMessage());
    } else {
      message = Errors.message(cause);
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorDetail", Map.of("message", message));
    error.put("error", message);
    return error;
  }
}
