package io.imagesaga.model;

import java.util.List;

/** An answer of {@link DockerModel}: records (possibly none), or a status and dockerd's text. */
public sealed interface ModelResult {
  record Ok(List<String> records) implements ModelResult {}

  record Error(int status, String message) implements ModelResult {}

  static ModelResult ok() {
    return new Ok(List.of());
  }
}
