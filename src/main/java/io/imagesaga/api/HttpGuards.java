package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeoutResponse;

import com.typesafe.config.Config;
import io.imagesaga.AskTimeouts;
import io.imagesaga.Rejection;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every request passes before the route table, as one directive so that the table stays
 * one line per route: the browser checks ({@link BrowserGuard}), and the answer of a request
 * that outlives {@code request-timeout}, through the error map. The routes of long streams
 * (load, pull, save, events) run without the request timeout; their bodies' size limits and
 * admission are theirs ({@link Limits}, {@link Admission}).
 */
final class HttpGuards {
  private final BrowserGuard browsers;
  private final HttpResponse timedOut;

  HttpGuards(Config config, Limits limits) {
    this.browsers = BrowserGuard.of(config);
    this.timedOut = Errors.response(new Rejection.Unavailable("the node did not answer within "
        + AskTimeouts.seconds(limits.requestTimeout()) + " (imagesaga.limits.request-timeout);"
        + " what the request started carries on, so check the outcome before trying again"));
  }

  Route around(Supplier<Route> inner) {
    return withRequestTimeoutResponse(request -> timedOut, () -> browsers.check(inner));
  }
}
