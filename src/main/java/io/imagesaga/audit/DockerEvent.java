package io.imagesaga.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code docker events} (the Engine API's {@code EventMessage}). */
public record DockerEvent(
    String type, String action, String actorId, Map<String, String> attributes, Instant time) {

  public DockerEvent {
    attributes = Map.copyOf(attributes);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("Type", type);
    json.put("Action", action);
    json.put("Actor", Map.of("ID", actorId, "Attributes", new java.util.TreeMap<>(attributes)));
    json.put("scope", "local");
    json.put("time", time.getEpochSecond());
    json.put("timeNano", time.getEpochSecond() * 1_000_000_000L + time.getNano());
    return json;
  }
}
