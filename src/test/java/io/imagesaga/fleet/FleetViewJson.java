package io.imagesaga.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Reading {@code GET /imagesaga/fleet/images}'s JSON (docs/fleet.md, "Endpoints") in tests. */
final class FleetViewJson {
  private FleetViewJson() {}

  /** {@code a reachable}, {@code c unreachable}, … in the answer's order. */
  static List<String> statuses(JsonNode view) {
    return StreamSupport.stream(view.path("Hosts").spliterator(), false)
        .map(h -> h.path("Host").asText() + " " + h.path("Status").asText()).toList();
  }

  /** Every host the view lists, whatever its status. */
  static List<String> hosts(JsonNode view) {
    return StreamSupport.stream(view.path("Hosts").spliterator(), false)
        .map(h -> h.path("Host").asText()).toList();
  }

  static Optional<JsonNode> image(JsonNode view, String id) {
    return StreamSupport.stream(view.path("Images").spliterator(), false)
        .filter(i -> i.path("Id").asText().equals(id)).findFirst();
  }

  /** The hosts that hold {@code image}. */
  static List<String> holders(JsonNode image) {
    return StreamSupport.stream(image.path("Hosts").spliterator(), false)
        .map(h -> h.path("Host").asText()).toList();
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
