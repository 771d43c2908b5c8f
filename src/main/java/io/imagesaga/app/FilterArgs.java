package io.imagesaga.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --filter key=value} options as the docker CLI sends them: the Engine API's filters
 * JSON, {@code {"key": {"value": true}}}.
 */
final class FilterArgs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FilterArgs() {}

  /** @throws IllegalArgumentException for an option without {@code =}, as docker refuses it */
  static String json(List<String> options) {
    return json(parse(options));
  }

  /**
   * A prune's filters: the options and, as {@code docker image prune} adds it,
   * {@code dangling=true}, or {@code dangling=false} with {@code --all}.
   */
  static String forPrune(List<String> options, boolean all) {
    Map<String, Map<String, Boolean>> filters = parse(options);
    filters.computeIfAbsent("dangling", key -> new LinkedHashMap<>())
        .put(String.valueOf(!all), true);
    return json(filters);
  }

  private static Map<String, Map<String, Boolean>> parse(List<String> options) {
    Map<String, Map<String, Boolean>> filters = new LinkedHashMap<>();
    for (String option : options == null ? List.<String>of() : options) {
      int equals = option.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("bad format of filter (expected name=value)");
      }
      filters.computeIfAbsent(option.substring(0, equals).strip().toLowerCase(),
          key -> new LinkedHashMap<>()).put(option.substring(equals + 1).strip(), true);
    }
    return filters;
  }

  private static String json(Map<String, Map<String, Boolean>> filters) {
    try {
      return JSON.writeValueAsString(filters);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
