package io.imagesaga.api;

import io.imagesaga.fleet.FleetDeletePlan;
import io.imagesaga.fleet.FleetDeleteState;
import io.imagesaga.fleet.FleetDeleteTarget;
import io.imagesaga.fleet.HostResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A fleet delete as {@code /imagesaga/fleet/images/…} and {@code /imagesaga/fleet/deletes/{id}}
 * answer it (docs/fleet.md, "Fleet deletes"): 200 once finished, 202 while hosts are pending.
 * Each host's records are its own API's ({@code Untagged}/{@code Deleted}), its error the body
 * its API would have answered, with the status.
 */
final class FleetDeleteView {
  private FleetDeleteView() {}

  static HttpResponse response(FleetDeleteState state) {
    return Json.response(state.finished() ? StatusCodes.OK : StatusCodes.ACCEPTED, body(state));
  }

  static Map<String, Object> body(FleetDeleteState state) {
    FleetDeletePlan plan = state.plan();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Id", plan.id());
    if (plan.target() instanceof FleetDeleteTarget.Image image) {
      body.put("Name", image.name());
    } else {
      body.put("Filters", ((FleetDeleteTarget.Prune) plan.target()).text());
    }
    body.put("DryRun", plan.dryRun());
    body.put("Finished", state.finished());
    List<Map<String, Object>> hosts = new ArrayList<>();
    for (String host : plan.hosts()) {
      hosts.add(host(host, state, plan.target() instanceof FleetDeleteTarget.Prune));
    }
    body.put("Hosts", hosts);
    return body;
  }

  private static Map<String, Object> host(String host, FleetDeleteState state, boolean prune) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Host", host);
    HostResult result = state.answered().get(host);
    if (result == null) {
      entry.put("Status", state.unreachable().contains(host) ? "unreachable" : "pending");
      return entry;
    }
    entry.put("Status", "done");
    if (result.error().isPresent()) {
      HostResult.HostError error = result.error().get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", error.status());
      body.put("message", error.message());
      if (!error.blockers().isEmpty()) {
        body.put("blockers", error.blockers());
      }
      entry.put("Error", body);
      return entry;
    }
    entry.put("Records", result.records().stream().map(ImageRoutes::item).toList());
    if (prune) {
      entry.put("Reclaimed", result.reclaimed());
    }
    return entry;
  }
}
