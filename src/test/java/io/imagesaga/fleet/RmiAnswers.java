package io.imagesaga.fleet;

import static io.imagesaga.fleet.AgentCalls.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.TestArchives;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a host's part of a fleet rmi answers, and how {@code docker rmi} and {@code imagesaga
 * fleet rmi} print it, for the three-JVM tests' one-layer images (docs/fleet.md, "Fleet
 * deletes"; the messages are dockerd's, docs/semantics.md, "Messages").
 */
final class RmiAnswers {
  private RmiAnswers() {}

  /** An image {@code name} on a and b, run there by {@code container} on b; not on c. */
  record Mixed(String name, TestArchives.Image image, String container) {}

  /** What deleting {@code image}, tagged only {@code name} and used by nothing, answers. */
  static JsonNode records(TestArchives.Image image, String name) {
    var records = JSON.createArrayNode();
    records.addObject().put("Untagged", name);
    records.addObject().put("Deleted", image.id().toString());
    records.addObject().put("Deleted", ChainIds.of(List.of(image.diffId())).get(0).toString());
    return records;
  }

  /** The 409 of deleting a mixed image on b, with its blockers. */
  static JsonNode conflict(Mixed mixed) {
    var error = JSON.createObjectNode().put("status", 409).put("message", "conflict: unable to"
        + " remove repository reference \"" + mixed.name() + "\" (must force) - container "
        + mixed.container().substring(0, 12) + " is using its referenced image "
        + mixed.image().id().shortId());
    var blockers = error.putObject("blockers");
    blockers.putArray("children");
    blockers.putArray("containers").addObject().put("id", mixed.container())
        .put("running", true);
    return error;
  }

  static JsonNode notFound(String name) {
    return JSON.createObjectNode().put("status", 404).put("message", "No such image: " + name);
  }

  /** Records as {@code docker rmi} prints them. */
  static String dockerLines(JsonNode records) {
    StringBuilder lines = new StringBuilder();
    records.forEach(r -> lines.append(r.has("Untagged") ? "Untagged: " + r.path("Untagged")
        .asText() : "Deleted: " + r.path("Deleted").asText()).append('\n'));
    return lines.toString();
  }

  /** Every line of {@code text} led by {@code host: }, as {@code fleet rmi} prints a part. */
  static String led(String host, String text) {
    return text.lines().map(line -> host + ": " + line + "\n").collect(Collectors.joining());
  }
}
