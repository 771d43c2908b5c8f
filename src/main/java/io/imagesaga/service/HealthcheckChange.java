package io.imagesaga.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A HEALTHCHECK change as buildkit's {@code parseHealthcheck} reads it: {@code NONE}, or
 * {@code [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N]
 * CMD command}. The result is dockerd's {@code HealthConfig} JSON: {@code Test}, then the
 * durations in nanoseconds and {@code Retries}, each left out when zero. Nothing in it is
 * expanded: the command runs in the container's shell, which expands it.
 */
final class HealthcheckChange {
  private static final long MINIMUM_NANOS = 1_000_000L; // dockerd's MinimumDuration, 1ms
  private static final List<String> DURATIONS = List.of("interval", "timeout", "start-period",
      "start-interval");
  private static final Map<String, String> FIELDS = Map.of("interval", "Interval", "timeout",
      "Timeout", "start-period", "StartPeriod", "start-interval", "StartInterval");
  private static final Set<String> FLAGS = Set.of("interval", "timeout", "start-period",
      "start-interval", "retries");

  private HealthcheckChange() {}

  /**
   * {@code args} as the parser leaves them: the type word, then the command's JSON strings
   * ({@code json}) or its text as one argument.
   */
  static ObjectNode parse(List<String> flags, List<String> args, boolean json) {
    if (args.isEmpty()) {
      throw invalid("HEALTHCHECK requires at least one argument");
    }
    ObjectNode health = JsonNodeFactory.instance.objectNode();
    String type = args.get(0).toUpperCase(Locale.ROOT);
    List<String> command = args.subList(1, args.size());
    if (type.equals("NONE")) { // flags are not even read
      if (!command.isEmpty()) {
        throw invalid("HEALTHCHECK NONE takes no arguments");
      }
      health.putArray("Test").add(type);
      return health;
    }
    Map<String, String> values = BuilderFlags.parse(flags, FLAGS);
    if (!type.equals("CMD")) {
      throw invalid("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
    }
    List<String> line = json ? command : List.of(String.join(" ", command));
    if (line.isEmpty() || (!json && line.get(0).isEmpty())) {
      throw invalid("Missing command after HEALTHCHECK CMD");
    }
    ArrayNode test = health.putArray("Test").add(json ? "CMD" : "CMD-SHELL");
    line.forEach(test::add);
    for (String name : DURATIONS) {
      long nanos = duration(name, values.getOrDefault(name, ""));
      if (nanos != 0) {
        health.put(FIELDS.get(name), nanos);
      }
    }
    int retries = retries(values.getOrDefault("retries", ""));
    if (retries != 0) {
      health.put("Retries", retries);
    }
    return health;
  }

  /** A duration flag: empty or zero is unset; anything else at least 1ms. */
  private static long duration(String name, String value) {
    if (value.isEmpty()) {
      return 0;
    }
    long nanos;
    try {
      nanos = GoText.parseDuration(value);
    } catch (GoText.Invalid e) {
      throw invalid(e.getMessage());
    }
    if (nanos != 0 && nanos < MINIMUM_NANOS) {
      throw invalid("Interval " + GoText.quote(name) + " cannot be less than 1ms");
    }
    return nanos;
  }

  private static int retries(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    long retries;
    try {
      retries = GoText.parseInt(value, 32);
    } catch (GoText.Invalid e) {
      throw invalid(e.getMessage());
    }
    if (retries < 0) {
      throw invalid("--retries cannot be negative (" + retries + ")");
    }
    return Math.toIntExact(retries);
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
