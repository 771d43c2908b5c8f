package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

import io.imagesaga.metrics.HttpMetrics;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Counts every answer of the API under the route table's line that serves its request (the
 * {@code /v<major>.<minor>} prefix aside), whatever answered it: the handler, a guard, the
 * permission check, or the 404 of a path no line serves ({@link HttpMetrics#UNMATCHED}). An
 * answer the server makes itself, outside the routes (the request timeout's 503, a request it
 * cannot parse), is not counted.
 */
final class RequestCounting {
  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+\\.\\d+(?=/)");

  private final HttpMetrics metrics;
  private final RouteTable<?> table;

  RequestCounting(HttpMetrics metrics, RouteTable<?> table) {
    this.metrics = metrics;
    this.table = table;
  }

  Route around(Supplier<Route> inner) {
    return extractMethod(method -> extractUnmatchedPath(path -> {
      String route = table.match(method, VERSION_PREFIX.matcher(path.toString()).replaceFirst(""))
          .<String>map(match -> match.line().path()).orElse(HttpMetrics.UNMATCHED);
      return mapResponse(response -> {
        metrics.answered(method.name(), route, response.status().intValue());
        return response;
      }, inner);
    }));
  }
}
