package io.imagesaga.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The time values dockerd accepts in {@code since}, {@code until} and filters. */
public final class Timestamps {
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L,
      "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private Timestamps() {}

  /**
   * moby's {@code GetTimestamp}, for filters: a Go duration ({@code 24h}, {@code 1h30m}) is that
   * long before now; otherwise unix seconds (with optional fraction), RFC 3339, or a date and
   * time or a bare date in UTC.
   */
  static Instant parse(String value) {
    return parse(value, "'until' filter");
  }

  /** The same, naming {@code what} in the error. */
  public static Instant parse(String value, String what) {
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        return unixSeconds(value);
      }
      Duration ago = goDuration(value);
      if (ago != null) {
        return Instant.now().minus(ago);
      }
      return dateTime(value);
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw Filters.invalid("invalid value for " + what + ": " + value);
    }
  }

  /**
   * moby's {@code ParseTimestamps}, for the {@code since}/{@code until} of {@code /events}:
   * unix seconds with an optional fraction and nothing else (the CLI converts dates itself).
   * The error is strconv's text, as dockerd sends it.
   */
  static Instant eventTime(String value) {
    String[] parts = value.split("\\.", 2);
    long seconds = parseInt(parts[0]);
    if (parts.length == 1) {
      return Instant.ofEpochSecond(seconds);
    }
    parseInt(parts[1]);
    return Instant.ofEpochSecond(seconds,
        Long.parseLong((parts[1] + "000000000").substring(0, 9)));
  }

  private static long parseInt(String digits) {
    if (!digits.matches("-?\\d{1,18}")) {
      throw Filters.invalid("strconv.ParseInt: parsing \"" + digits + "\": invalid syntax");
    }
    return Long.parseLong(digits);
  }

  private static Instant unixSeconds(String value) {
    BigDecimal seconds = new BigDecimal(value);
    return Instant.ofEpochSecond(seconds.longValue(),
        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
  }

  /** A Go {@code time.ParseDuration} string, or null if {@code value} is not one. */
  private static Duration goDuration(String value) {
    Matcher m = GO_DURATION.matcher(value);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      nanos += new BigDecimal(m.group(1))
          .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))).longValueExact();
      end = m.end();
    }
    return end > 0 && end == value.length() ? Duration.ofNanos(nanos) : null;
  }

  private static Instant dateTime(String value) {
    if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    if (value.matches("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+")) {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
    return OffsetDateTime.parse(value).toInstant();
  }
}
