package io.imagesaga.api;

import static io.imagesaga.api.ImageRoutes.answer;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.fleet.FleetDeleteCommand;
import io.imagesaga.fleet.FleetDeleteTarget;
import io.imagesaga.fleet.FleetImages;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The fleet's endpoints ({@code /imagesaga/fleet/…}, docs/fleet.md), and the health and
 * readiness an orchestrator probes. An agent that runs alone answers the fleet endpoints 404.
 */
final class FleetRoutes {
  private static final Rejection ALONE = new Rejection.NotFound(
      "this agent runs alone: no fleet is configured (IMAGESAGA_SEED_NODES)");

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Optional<Fleet> fleet;
  private final Optional<FleetImages> images;

  FleetRoutes(Optional<Fleet> fleet) {
    this.fleet = fleet;
    this.images = fleet.map(f -> new FleetImages(f.system(), f.directory(),
        f.settings().listTimeout(), f.settings().listPage()));
  }

  /** {@code GET /imagesaga/health}: the agent's API answers. */
  Route health() {
    return complete(Json.ok(Map.of("Status", "ok")));
  }

  /**
   * {@code GET /imagesaga/ready}: 200 once the agent serves its host (the API binds only after
   * the interrupted work is recovered) and, in a fleet, has joined it; 503 until then, saying
   * why (the fleet's PostgreSQL not reachable, or the join under way).
   */
  Route ready() {
    Optional<Rejection> unavailable = fleet.flatMap(Fleet::unavailable);
    if (unavailable.isPresent()) {
      return complete(Errors.response(StatusCodes.SERVICE_UNAVAILABLE,
          "not ready: " + unavailable.get().message()));
    }
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

  /**
   * {@code DELETE /imagesaga/fleet/images/{name}?force=&noprune=&dryrun=&hosts=&exclude-hosts=}:
   * a fleet delete ({@link io.imagesaga.fleet.FleetDeleteEntity}).
   */
  Route remove(String name, Provenance provenance) {
    return inFleet(fleet, f -> parameterOptional("force", force ->
        parameterOptional("noprune", noprune -> run(f, provenance, () ->
            new FleetDeleteTarget.Image(name, Query.bool(force), Query.bool(noprune))))));
  }

  /** {@code POST /imagesaga/fleet/images/prune?filters=&dryrun=&hosts=&exclude-hosts=}. */
  Route prune(Provenance provenance) {
    return inFleet(fleet, f -> parameterOptional("filters", filters -> run(f, provenance,
        () -> new FleetDeleteTarget.Prune(filters.orElse(""),
            PruneRoutes.pruneFilters(filters)))));
  }

  /** {@code GET /imagesaga/fleet/deletes/{id}}: where a fleet delete stands. */
  Route deletion(String id) {
    return inFleet(fleet, f -> UUID.matcher(id).matches()
        ? answer(f.deletes().get(id), FleetDeleteView::response)
        : complete(Errors.response(new Rejection.NotFound("No such fleet delete: " + id))));
  }

  /** {@code GET /imagesaga/fleet/protected}. */
  Route protectedList() {
    return inFleet(fleet, f -> answer(f.protection().patterns(), FleetRoutes::patterns));
  }

  /** {@code POST /imagesaga/fleet/protected?pattern=}, journaled with who asked. */
  Route protect(Provenance provenance) {
    return inFleet(fleet, f -> parameterOptional("pattern", pattern -> answer(
        f.protection().protect(pattern.orElse(""), provenance), FleetRoutes::patterns)));
  }

  /** {@code DELETE /imagesaga/fleet/protected?pattern=}, journaled with who asked. */
  Route unprotect(Provenance provenance) {
    return inFleet(fleet, f -> parameterOptional("pattern", pattern -> answer(
        f.protection().unprotect(pattern.orElse(""), provenance), FleetRoutes::patterns)));
  }

  private static HttpResponse patterns(List<String> patterns) {
    return Json.ok(Map.of("Patterns", patterns));
  }

  /** Starts a fleet delete of {@code target}; a bad parameter is a 400 before anything. */
  private static Route run(Fleet fleet, Provenance provenance,
      Supplier<FleetDeleteTarget> target) {
    return parameterOptional("dryrun", dryRun -> parameterOptional("hosts", hosts ->
        parameterOptional("exclude-hosts", excluded -> {
          FleetDeleteCommand.Request request;
          try {
            request = new FleetDeleteCommand.Request(target.get(), Query.bool(dryRun),
                names(hosts), names(excluded), provenance);
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
          return answer(fleet.deletes().start(request), FleetDeleteView::response);
        })));
  }

  /** {@code a,b}: host names, blanks dropped. */
  private static List<String> names(Optional<String> list) {
    return list.stream().flatMap(l -> Arrays.stream(l.split(","))).map(String::trim)
        .filter(h -> !h.isEmpty()).toList();
  }

  /**
   * {@code route} of a service of the fleet: 404 when the agent runs alone, 503 while its
   * fleet is {@link Fleet#unavailable}.
   */
  private <T> Route inFleet(Optional<T> service, Function<T, Route> route) {
    Optional<Rejection> unavailable = fleet.flatMap(Fleet::unavailable);
    if (unavailable.isPresent()) {
      return complete(Errors.response(unavailable.get()));
    }
    return service.map(route).orElseGet(() -> complete(Errors.response(ALONE)));
  }
}
