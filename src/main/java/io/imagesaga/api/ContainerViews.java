package io.imagesaga.api;

import io.imagesaga.audit.HumanUnits;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.container.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ContainerSummary} and {@code ContainerInspect} as API 1.47 shapes them. */
final class ContainerViews {
  private ContainerViews() {}

  static Map<String, Object> summary(ContainerState c, Instant now) {
    ContainerSpec spec = c.spec();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Id", spec.id());
    body.put("Names", List.of("/" + spec.name()));
    body.put("Image", spec.image());
    body.put("ImageID", spec.imageId().toString());
    body.put("Command", String.join(" ", spec.cmd()));
    body.put("Created", spec.created().getEpochSecond());
    body.put("Ports", List.of());
    body.put("Labels", spec.labels());
    body.put("State", state(c));
    body.put("Status", status(c, now));
    body.put("HostConfig", Map.of("NetworkMode", "default"));
    body.put("NetworkSettings", Map.of("Networks", Map.of()));
    body.put("Mounts", List.of());
    return body;
  }

  static Map<String, Object> inspect(ContainerState c) {
    ContainerSpec spec = c.spec();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("Status", state(c));
    state.put("Running", c.isRunning());
    state.put("Paused", false);
    state.put("Restarting", false);
    state.put("OOMKilled", false);
    state.put("Dead", false);
    state.put("Pid", 0);
    state.put("ExitCode", 0);
    state.put("Error", "");
    state.put("StartedAt", c.isRunning() ? c.changed().toString() : "0001-01-01T00:00:00Z");
    state.put("FinishedAt", c.status() == ContainerState.Status.EXITED ? c.changed().toString()
        : "0001-01-01T00:00:00Z");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Id", spec.id());
    body.put("Created", spec.created().toString());
    body.put("Path", spec.cmd().isEmpty() ? "" : spec.cmd().get(0));
    body.put("Args", spec.cmd().isEmpty() ? List.of() : spec.cmd().subList(1, spec.cmd().size()));
    body.put("State", state);
    body.put("Image", spec.imageId().toString());
    body.put("Name", "/" + spec.name());
    body.put("Config", Map.of("Image", spec.image(), "Cmd", spec.cmd(), "Labels", spec.labels()));
    body.put("HostConfig", Map.of("NetworkMode", "default"));
    body.put("NetworkSettings", Map.of("Networks", Map.of()));
    body.put("Mounts", List.of());
    return body;
  }

  private static String state(ContainerState c) {
    return switch (c.status()) {
      case RUNNING -> "running";
      case EXITED -> "exited";
      default -> "created";
    };
  }

  /** The human column of {@code docker ps}: {@code Created}, {@code Up 3 minutes}, ... */
  private static String status(ContainerState c, Instant now) {
    return switch (c.status()) {
      case RUNNING -> "Up " + HumanUnits.duration(Duration.between(c.changed(), now));
      case EXITED -> "Exited (0) " + HumanUnits.duration(Duration.between(c.changed(), now))
          + " ago";
      default -> "Created";
    };
  }
}
