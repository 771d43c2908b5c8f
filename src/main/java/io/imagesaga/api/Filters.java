package io.imagesaga.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code filters} query parameter: {@code {"key":{"value":true}}} or the older
 * {@code {"key":["value"]}}, as moby's {@code filters.FromJSON} accepts; unknown keys are
 * refused with dockerd's {@code invalid filter '<key>'}.
 */
record Filters(Map<String, List<String>> values) {

  static Filters parse(Optional<String> json, Set<String> accepted) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (json.isEmpty() || json.get().isBlank()) {
      return new Filters(values);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json.get());
    } catch (IOException e) {
      throw invalid("invalid filters: " + json.get());
    }
    if (root == null || !root.isObject()) {
      throw invalid("invalid filters: " + json.get());
    }
    root.fields().forEachRemaining(field -> {
      if (!accepted.contains(field.getKey())) {
        throw invalid("invalid filter '" + field.getKey() + "'");
      }
      List<String> list = new ArrayList<>();
      if (field.getValue().isArray()) {
        field.getValue().forEach(v -> list.add(v.asText()));
      } else {
        field.getValue().fields().forEachRemaining(v -> list.add(v.getKey()));
      }
      values.put(field.getKey(), list);
    });
    return new Filters(values);
  }

  List<String> get(String key) {
    return values.getOrDefault(key, List.of());
  }

  /**
   * moby's {@code GetBoolOrDefault}: empty when absent; true when the values hold {@code true}
   * or {@code 1} and not {@code false} or {@code 0}, and the reverse; anything else (none of
   * them, or both) is refused with the values as Go prints a slice.
   */
  Optional<Boolean> bool(String key) {
    List<String> list = get(key);
    if (!values.containsKey(key)) {
      return Optional.empty();
    }
    boolean isTrue = list.contains("true") || list.contains("1");
    boolean isFalse = list.contains("false") || list.contains("0");
    if (isTrue == isFalse) {
      throw invalid("invalid filter '" + key + "=[" + String.join(" ", list) + "]'");
    }
    return Optional.of(isTrue);
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
