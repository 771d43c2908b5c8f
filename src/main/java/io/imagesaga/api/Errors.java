package io.imagesaga.api;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Failures;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.RegistryException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: a typed {@link Rejection} gets its status and
 * dockerd's message; anything else is a 500 (moby's {@code httpstatus.FromError}) whose message
 * is {@link #INTERNAL}, never the exception's own text (which is logged), but for a
 * registry's answer ({@link RegistryException}). The body is
 * {@code {"message": ...}} with {@code Content-Type: application/json} exactly, which is what the
 * docker CLI needs to print {@code Error response from daemon: <message>}.
 */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  /** The message of every failure that is not a {@link Rejection}. */
  public static final String INTERNAL = Rejection.INTERNAL;

  /**
   * A timeout no ask on the way named (each should, see {@link AskTimeouts}): still a 503, as
   * what it is, rather than a 500.
   */
  private static final Rejection UNNAMED_TIMEOUT = new Rejection.Unavailable(
      "timed out waiting for the node; try again");

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
    } else if (rejection instanceof Rejection.Unavailable
        || rejection instanceof Rejection.Busy) {
      return StatusCodes.SERVICE_UNAVAILABLE;
    } else if (rejection instanceof Rejection.Forbidden) {
      return StatusCodes.FORBIDDEN;
    } else if (rejection instanceof Rejection.TooLarge) {
      return StatusCodes.CONTENT_TOO_LARGE;
    }
    return StatusCodes.INTERNAL_SERVER_ERROR;
  }

  public static HttpResponse response(Throwable failure) {
    Rejection rejection = rejection(failure);
    return rejection != null ? response(rejection)
        : response(StatusCodes.INTERNAL_SERVER_ERROR, message(failure));
  }

  /**
   * The message a client gets for {@code failure}, wherever it is reported: a rejection's, a
   * registry's answer ({@link RegistryException}, as dockerd passes a registry's error on), or
   * else {@link #INTERNAL}.
   */
  public static String message(Throwable failure) {
    Rejection rejection = rejection(failure);
    if (rejection != null) {
      return rejection.message();
    }
    return cause(failure) instanceof RegistryException registry
        ? String.valueOf(registry.getMessage()) : INTERNAL;
  }

  /** The failure's rejection; null, after logging the failure, when it has none. */
  private static Rejection rejection(Throwable failure) {
    Throwable cause = cause(failure);
    if (cause instanceof RejectedException rejected) {
      return rejected.rejection();
    } else if (cause instanceof EntityStreamSizeException size) {
      return tooLarge(size);
    } else if (cause instanceof EntityStreamException broken) {
      return bodyBroken(broken);
    } else if (AskTimeouts.isTimeout(cause)) {
      log.warn("request timed out on an ask that does not name what it waited for", cause);
      return UNNAMED_TIMEOUT;
    }
    if (cause instanceof RegistryException registry) {
      // The registry's fault, passed on to the client whole: no stack trace helps the operator.
      log.warn("registry failure: {}", registry.getMessage());
    } else {
      log.error("request failed", cause);
    }
    return null;
  }

  /** A body past its route's limit ({@code withSizeLimit}, else {@code max-content-length}). */
  private static Rejection tooLarge(EntityStreamSizeException size) {
    String actual = size.actualSize().isDefined() ? " " + size.actualSize().get() + " bytes,"
        : "";
    return new Rejection.TooLarge("request body too large:" + actual + " the limit is "
        + size.limit() + " bytes");
  }

  /**
   * A body the client broke (its connection ended inside it, or its chunks were malformed):
   * the client's fault, a 400; a cut body in Go's words ({@code unexpected EOF}).
   */
  private static Rejection bodyBroken(EntityStreamException broken) {
    String summary = broken.info().summary();
    return new Rejection.InvalidParameter(summary.startsWith("Entity stream truncation")
        ? "unexpected EOF" : summary);
  }

  /** What failed, without the wrappers a stage or an unchecked rethrow put around it. */
  private static Throwable cause(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    return cause instanceof UncheckedIOException io && io.getCause() != null
        ? io.getCause() : cause;
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
    if (rejection instanceof Rejection.Busy busy) {
      return response(status(rejection), rejection.message())
          .addHeader(RetryAfter.create(busy.retryAfterSeconds()));
    }
    return response(status(rejection), rejection.message());
  }

  public static HttpResponse response(StatusCode status, String message) {
    return Json.response(status, Map.of("message", message));
  }
}
