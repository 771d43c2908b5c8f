package io.imagesaga.api;

import static io.imagesaga.api.ImageRoutes.answer;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.deletion.PrunePlan;
import io.imagesaga.service.ImageService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /images/prune}, with its dry-run extension. */
final class PruneRoutes {
  private final ImageService images;

  PruneRoutes(ImageService images) {
    this.images = images;
  }

  /**
   * {@code docker image prune}. Extensions: {@code dryrun=1} answers the plan and its token
   * instead of deleting; {@code plan=<token>} executes that plan and lists what it skipped.
   * Every delete is journaled with {@code provenance}.
   */
  Route prune(Provenance provenance) {
    return parameterOptional("filters", json -> parameterOptional("dryrun", dryRun ->
        parameterOptional("plan", token -> {
          if (token.isPresent()) {
            return answer(images.pruneByPlan(token.get(), provenance), PruneRoutes::pruned);
          }
          PruneFilters filters;
          try {
            filters = pruneFilters(json);
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
          return Query.bool(dryRun) ? answer(images.prunePlan(filters), PruneRoutes::planned)
              : answer(images.prune(filters, provenance), PruneRoutes::pruned);
        })));
  }

  private static HttpResponse pruned(ImagePrune.Report report) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ImagesDeleted", report.deleted().isEmpty() ? null
        : report.deleted().stream().map(ImageRoutes::item).toList());
    body.put("SpaceReclaimed", report.spaceReclaimed());
    if (!report.skipped().isEmpty()) {
      body.put("Skipped", report.skipped().stream().map(s -> ordered(
          "Name", s.item().name(), "Id", s.item().image().toString(), "Reason", s.reason()))
          .toList());
    }
    return Json.ok(body);
  }

  private static HttpResponse planned(PrunePlan plan) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("PlanToken", plan.token());
    body.put("Plan", plan.items().stream().map(i -> ordered(
        "Name", i.name(), "Id", i.image().toString())).toList());
    return Json.ok(body);
  }

  /** A JSON object with its keys in the order given. */
  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }

  /** The filters {@code POST /images/prune} takes, checked as moby checks them. */
  static PruneFilters pruneFilters(Optional<String> json) {
    return pruneFilters(Filters.parse(json, Set.of("dangling", "label", "label!", "until")));
  }

  /** moby's prune filter checks, with its texts; {@code dangling} defaults to true. */
  private static PruneFilters pruneFilters(Filters filters) {
    List<String> until = filters.get("until");
    if (until.size() > 1) {
      throw Filters.invalid("more than one until filter specified");
    }
    return new PruneFilters(filters.bool("dangling").orElse(true), filters.get("label"),
        filters.get("label!"), until.stream().findFirst().map(v -> Timestamps.parse(v, "'until' filter")));
  }

}
