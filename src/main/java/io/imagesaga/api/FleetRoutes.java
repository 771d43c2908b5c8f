package io.imagesaga.api;

import static io.imagesaga.api.ImageRoutes.answer;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.imagesaga.Rejection;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.fleet.FleetImages;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The fleet's endpoints ({@code /imagesaga/fleet/…}, docs/fleet.md), and the health and
 * readiness an orchestrator probes. An agent that runs alone answers the fleet endpoints 404.
 */
final class FleetRoutes {
  private static final Rejection ALONE = new Rejection.NotFound(
      "this agent runs alone: no fleet is configured (IMAGESAGA_SEED_NODES)");

  private final Optional<Fleet> fleet;
  private final Optional<FleetImages> images;

  FleetRoutes(Optional<Fleet> fleet) {
    this.fleet = fleet;
    this.images = fleet.map(f -> new FleetImages(f.system(), f.directory(),
        f.settings().hostTimeout()));
  }

  /** {@code GET /imagesaga/health}: the agent's API answers. */
  Route health() {
    return complete(Json.ok(Map.of("Status", "ok")));
  }

  /**
   * {@code GET /imagesaga/ready}: 200 once the agent serves its host (the API binds only after
   * the interrupted work is recovered) and, in a fleet, has joined it; 503 until then.
   */
  Route ready() {
    boolean joined = fleet.map(Fleet::ready).orElse(true);
    if (!joined) {
      return complete(Errors.response(StatusCodes.SERVICE_UNAVAILABLE,
          "not ready: host " + fleet.get().hostName() + " has not joined the fleet yet"));
    }
    return complete(Json.ok(Map.of("Status", "ready",
        "Fleet", fleet.map(Fleet::hostName).orElse(""))));
  }

  /** {@code GET /imagesaga/fleet/images}: filters and {@code all} as {@code /images/json}. */
  Route images() {
    return inFleet(images, view -> parameterOptional("all", all ->
        parameterOptional("filters", filters ->
            answer(view.list(filters, Query.bool(all)), Json::ok))));
  }

  private static <T> Route inFleet(Optional<T> service, Function<T, Route> route) {
    return service.map(route).orElseGet(() -> complete(Errors.response(ALONE)));
  }
}
