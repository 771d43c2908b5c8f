package io.imagesaga.api;

import com.typesafe.config.Config;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every request passes before the route table: the browser checks ({@link BrowserGuard}).
 * One directive, so that the table stays one line per route.
 */
final class HttpGuards {
  private final BrowserGuard browsers;

  HttpGuards(Config config) {
    this.browsers = BrowserGuard.of(config);
  }

  Route around(Supplier<Route> inner) {
    return browsers.check(inner);
  }
}
