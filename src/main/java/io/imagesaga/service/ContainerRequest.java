package io.imagesaga.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker create}: the container ID is chosen by the caller (the API draws it at random,
 * tests choose it), the name is optional.
 */
public record ContainerRequest(
    String id, Optional<String> name, String image, List<String> cmd,
    Map<String, String> labels) {

  public ContainerRequest {
    cmd = List.copyOf(cmd);
    labels = Map.copyOf(labels);
  }
}
