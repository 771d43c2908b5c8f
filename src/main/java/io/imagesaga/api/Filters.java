package io.imagesaga.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code filters} query parameter as moby's {@code filters.FromJSON} reads it:
 * {@code {"key":{"value":true}}}, else the older {@code {"key":["value"]}}, else 400
 * {@code invalid filter}; {@code null} is no filter. Unknown keys are refused with dockerd's
 * {@code invalid filter '<key>'}. A value counts for {@link #get} whatever its boolean, but only
 * a {@code true} one counts for {@link #bool}, as in moby.
 */
record Filters(Map<String, List<String>> values, Map<String, Set<String>> truthy) {

  /**
   * Filters are at most two levels deep ({@code {"key":{"value":true}}}); a deeper document is
   * no filter, and is not built. Their length is bounded by the request line's
   * ({@code pekko.http.server.parsing.max-uri-length}).
   */
  private static final RequestJson JSON = new RequestJson(Integer.MAX_VALUE, 2);

  /** For {@link #parse}: every key is accepted, as dockerd's {@code /events} does. */
  static final Set<String> ANY_KEY = Set.of();

  static Filters parse(Optional<String> json, Set<String> accepted) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Map<String, Set<String>> truthy = new LinkedHashMap<>();
    if (json.isEmpty() || json.get().isEmpty()) {
      return new Filters(values, truthy);
    }
    JsonNode root;
    try {
      root = JSON.mapper().readTree(json.get());
    } catch (IOException e) {
      throw invalid("invalid filter");
    }
    if (root == null || root.isMissingNode()) {
      throw invalid("invalid filter");
    }
    if (root.isNull()) {
      return new Filters(values, truthy);
    }
    if (!root.isObject() || !(all(root, Filters::isSet) || all(root, Filters::isList))) {
      throw invalid("invalid filter");
    }
    root.fields().forEachRemaining(field -> {
      List<String> list = new ArrayList<>();
      Set<String> yes = new LinkedHashSet<>();
      if (field.getValue().isArray()) {
        field.getValue().forEach(v -> {
          list.add(v.asText(""));
          yes.add(v.asText(""));
        });
      } else {
        field.getValue().fields().forEachRemaining(v -> {
          list.add(v.getKey());
          if (v.getValue().asBoolean(false)) {
            yes.add(v.getKey());
          }
        });
      }
      values.put(field.getKey(), list);
      truthy.put(field.getKey(), yes);
    });
    for (String key : values.keySet()) {
      if (accepted != ANY_KEY && !accepted.contains(key)) {
        throw invalid("invalid filter '" + key + "'");
      }
    }
    return new Filters(values, truthy);
  }

  /** Every value of {@code root} (an object) passes {@code test}. */
  private static boolean all(JsonNode root, Predicate<JsonNode> test) {
    for (JsonNode value : root) {
      if (!test.test(value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code map[string]bool} (or null). */
  private static boolean isSet(JsonNode value) {
    return value.isNull() || value.isObject() && all(value, v -> v.isBoolean() || v.isNull());
  }

  /** {@code []string} (or null). */
  private static boolean isList(JsonNode value) {
    return value.isNull() || value.isArray() && all(value, v -> v.isTextual() || v.isNull());
  }

  List<String> get(String key) {
    return values.getOrDefault(key, List.of());
  }

  boolean contains(String key) {
    return values.containsKey(key);
  }

  /**
   * moby's {@code GetBoolOrDefault}: empty when absent; {@code invalid filter '<key>'} when the
   * key has no value; true when a true-valued {@code true} or {@code 1} is given and no
   * {@code false} or {@code 0}, and the reverse; anything else (none of them, or both) is
   * refused with the values as Go prints a slice.
   */
  Optional<Boolean> bool(String key) {
    if (!values.containsKey(key)) {
      return Optional.empty();
    }
    if (get(key).isEmpty()) {
      throw invalid("invalid filter '" + key + "'");
    }
    Set<String> yes = truthy.getOrDefault(key, Set.of());
    boolean isTrue = yes.contains("true") || yes.contains("1");
    boolean isFalse = yes.contains("false") || yes.contains("0");
    if (isTrue == isFalse) {
      throw invalid("invalid filter '" + key + "=[" + String.join(" ", get(key)) + "]'");
    }
    return Optional.of(isTrue);
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
