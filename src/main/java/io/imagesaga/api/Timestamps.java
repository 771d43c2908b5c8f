package io.imagesaga.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The time values dockerd accepts in {@code since}, {@code until} and filters. */
final class Timestamps {
  private Timestamps() {}

  /** Unix seconds (with optional fraction) or RFC 3339. */
  static Instant parse(String value) {
    return parse(value, "'until' filter");
  }

  /** The same, naming {@code what} in the error. */
  static Instant parse(String value, String what) {
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        String[] parts = value.split("\\.");
        long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9))
            : 0;
        return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw Filters.invalid("invalid value for " + what + ": " + value);
    }
  }
}
