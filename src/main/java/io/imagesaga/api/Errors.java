package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: a typed {@link Rejection} gets its status and
 * dockerd's message; anything else is a 500 (moby's {@code httpstatus.FromError}). The body is
 * {@code {"message": ...}} with {@code Content-Type: application/json} exactly, which is what the
 * docker CLI needs to print {@code Error response from daemon: <message>}.
 */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static StatusCode status(Rejection rejection) {
    if (rejection instanceof Rejection.NotFound) {
      return StatusCodes.NOT_FOUND;
    } else if (rejection instanceof Rejection.Conflict) {
      return StatusCodes.CONFLICT;
    } else if (rejection instanceof Rejection.InvalidReference
        || rejection instanceof Rejection.InvalidParameter) {
      return StatusCodes.BAD_REQUEST;
    } else if (rejection instanceof Rejection.PreconditionFailed) {
      return StatusCodes.PRECONDITION_FAILED;
    }
    return StatusCodes.INTERNAL_SERVER_ERROR;
  }

  public static HttpResponse response(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof RejectedException rejected) {
      return response(rejected.rejection());
    }
    log.error("request failed", cause);
    return response(StatusCodes.INTERNAL_SERVER_ERROR, String.valueOf(cause.getMessage()));
  }

  /**
   * dockerd's body, {@code {"message": ...}}; a delete conflict adds {@code blockers}, every
   * child image and container in the way (an extension the docker CLI ignores).
   */
  public static HttpResponse response(Rejection rejection) {
    if (rejection instanceof Rejection.Conflict conflict && !conflict.blockers().isEmpty()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("message", conflict.message());
      body.put("blockers", conflict.blockers());
      return Json.response(status(rejection), body);
    }
    return response(status(rejection), rejection.message());
  }

  public static HttpResponse response(StatusCode status, String message) {
    return Json.response(status, Map.of("message", message));
  }
}
