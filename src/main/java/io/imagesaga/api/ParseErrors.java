package io.imagesaga.api;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request the HTTP parser refuses before any route sees it
 * ({@code pekko.http.server.parsing.error-handler}, conf/http.conf): dockerd's
 * {@code {"message": ...}} body, and never a 5xx, since the request is at fault, not the node.
 * A method no route serves is dockerd's 404 {@code page not found} (its router answers every
 * unrouted method with its not-found handler; Pekko's parser would say 501); a request line
 * Pekko reads as a protocol version it does not speak (a target with a space in it) is Go's
 * 400 (Pekko would say 505). Every other refusal keeps its 4xx.
 */
public final class ParseErrors extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log,
      ServerSettings settings) {
    HttpResponse response = status.intValue() < 500 ? Errors.response(status, error.summary())
        : error.summary().startsWith("Unsupported HTTP method")
            ? Errors.response(StatusCodes.NOT_FOUND, "page not found")
            : Errors.response(StatusCodes.BAD_REQUEST, error.summary());
    log.warning("Illegal request, responding with status '{}': {}",
        response.status().intValue(), error.summary());
    return response;
  }
}
