package io.imagesaga.api;

import static io.imagesaga.api.ImageRoutes.answer;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerCommand.Transition;
import io.imagesaga.service.ContainerRequest;
import io.imagesaga.service.ContainerService;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /containers/...}: metadata only, as much as image deletion and the CLI need. */
final class ContainerRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> PS_FILTERS = Set.of("ancestor", "before", "exited", "health",
      "id", "isolation", "label", "name", "status", "since", "volume", "network", "is-task",
      "publish", "expose");
  private static final Set<String> STATES = Set.of("paused", "restarting", "running", "dead",
      "created", "exited", "removing");
  private final ContainerService containers;
  private final Limits limits;
  private final RequestJson json;

  ContainerRoutes(ContainerService containers, Limits limits) {
    this.containers = containers;
    this.limits = limits;
    this.json = new RequestJson(limits.jsonBody(), limits.jsonDepth());
  }

  Route start(String id, Provenance provenance) {
    return transition(containers.start(id, provenance));
  }

  Route stop(String id, Provenance provenance) {
    return transition(containers.stop(id, provenance));
  }

  Route inspect(String id) {
    return answer(containers.inspect(id), c -> Json.ok(ContainerViews.inspect(c)));
  }

  /**
   * {@code docker create}: the body (at most {@code json-body}, read whole) is the config;
   * its labels and {@code Cmd}, journaled with the container, are bounded.
   */
  Route create(Provenance provenance) {
    return parameterOptional("name", name -> JsonBody.read(limits, body -> {
      ContainerRequest request;
      try {
        request = request(name, json.parse(body.isEmpty() ? "{}" : body));
      } catch (RejectedException e) {
        return complete(Errors.response(e));
      }
      return answer(containers.create(request, provenance), c -> Json.response(
          StatusCodes.CREATED, Map.of("Id", c.spec().id(), "Warnings", List.of())));
    }));
  }

  private ContainerRequest request(Optional<String> name, JsonNode config) {
    if (config == null || config.path("Image").asText("").isEmpty()) {
      throw Filters.invalid("config cannot be empty in order to create a container");
    }
    List<String> cmd = strings(config.path("Cmd"));
    Map<String, String> labels = labels(config);
    limits.containerProblem(labels, cmd).ifPresent(problem -> {
      throw Filters.invalid(problem);
    });
    return new ContainerRequest(HexFormat.of().formatHex(randomBytes()),
        name.filter(n -> !n.isEmpty()), config.path("Image").asText(), cmd, labels);
  }

  Route list() {
    return parameterOptional("all", all -> parameterOptional("filters", json ->
        parameterOptional("limit", limit -> {
          int last;
          try {
            checkFilters(json);
            last = limit.filter(l -> !l.isEmpty()).map(Query::integer).orElse(0);
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
          // docker ps -n N: the N newest, whatever their state.
          return answer(containers.list(), list -> Json.ok(list.stream()
              .filter(c -> last > 0 || Query.bool(all) || c.isRunning())
              .limit(last > 0 ? last : Long.MAX_VALUE)
              .map(c -> ContainerViews.summary(c, Instant.now())).toList()));
        })));
  }

  /**
   * moby daemon/list.go: the keys of {@code acceptedPsFilterTags} and the states
   * {@code container.IsValidStateString} knows. (The filters are checked, not applied.)
   */
  private static void checkFilters(Optional<String> json) {
    Filters filters = Filters.parse(json, PS_FILTERS);
    for (String status : filters.get("status")) {
      if (!STATES.contains(status)) {
        throw Filters.invalid("invalid filter 'status=" + status + "'");
      }
    }
  }

  Route remove(String id, Provenance provenance) {
    return parameterOptional("force", force -> answer(
        containers.remove(id, Query.bool(force), provenance),
        t -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)));
  }

  /** 204 when the container changed, 304 when it already was where it was asked to go. */
  private static Route transition(CompletionStage<Transition> result) {
    return answer(result, t -> HttpResponse.create().withStatus(
        t instanceof ContainerCommand.Unchanged ? StatusCodes.NOT_MODIFIED
            : StatusCodes.NO_CONTENT));
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> labels(JsonNode config) {
    Map<String, String> labels = new LinkedHashMap<>();
    config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
        e.getValue().asText()));
    return labels;
  }

  private static byte[] randomBytes() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return id;
  }
}
