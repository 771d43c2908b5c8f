package io.imagesaga.api;

import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The time values dockerd accepts in {@code since}, {@code until} and filters. A unix time is
 * any int64 of seconds, as strconv reads it; one beyond what {@link Instant} holds (about a
 * billion years either way) stands for {@link Instant#MAX} or {@link Instant#MIN}, which
 * compares the same against every time the node has. Nothing wraps; a number that is no int64
 * is refused with dockerd's words.
 */
public final class Timestamps {
  // Possessive where the group repeats: Java's engine recurses per greedy repetition and a long
  // duration overflowed the stack. A number never starts a unit, so nothing is given back.
  private static final Pattern GO_DURATION =
      Pattern.compile("[-+]?(?:0|(?:(?:\\d++\\.?+\\d*+|\\.\\d++)(?:ns|us|µs|μs|ms|s|m|h))++)");

  private Timestamps() {}

  /**
   * moby's {@code GetTimestamp} then {@code ParseTimestamps}, as the image list's {@code until}
   * filter reads it: a Go duration ({@code 24h}, {@code -1.5h}) is that long before now;
   * otherwise RFC 3339, a date and time or a bare date in UTC, or unix seconds with an optional
   * fraction. Failing that, 400 with moby's {@code failed to parse value as time or duration}
   * (for a value with a {@code -}, moby quotes Go's date parser instead; the text here is that
   * same sentence).
   */
  static Instant parse(String value) {
    try {
      if (!value.equals("0") && GO_DURATION.matcher(value).matches()) {
        return Instant.now().minus(goDuration(value));
      }
      if (value.matches(".*[-:TZz].*")) {
        return dateTime(value);
      }
      return unixTime(value).instant();
    } catch (DateTimeException | ArithmeticException | GoText.Invalid e) {
      throw Filters.invalid("failed to parse value as time or duration: " + GoText.quote(value));
    }
  }

  /** {@link #parse(String)}, its error as {@code invalid value for <what>: ...} (prune's). */
  public static Instant parse(String value, String what) {
    try {
      return parse(value);
    } catch (RejectedException e) {
      throw Filters.invalid("invalid value for " + what + ": " + e.getMessage());
    }
  }

  /**
   * moby's {@code ParseTimestamps}, for the {@code since}/{@code until} of {@code /events}:
   * unix seconds and an optional fraction, each an int64 for strconv (the CLI converts dates
   * itself). The fraction is scaled by its length as moby does ({@code 1.5} is half a second,
   * {@code 1.-5} a twentieth less than one). Errors are strconv's text, as dockerd sends them.
   */
  static UnixTime eventTime(String value) {
    try {
      return unixTime(value);
    } catch (GoText.Invalid e) {
      throw Filters.invalid(e.getMessage());
    }
  }

  private static UnixTime unixTime(String value) throws GoText.Invalid {
    int dot = value.indexOf('.');
    long seconds = GoText.parseInt(dot < 0 ? value : value.substring(0, dot), 64);
    if (dot < 0) {
      return UnixTime.of(seconds, 0);
    }
    String fraction = value.substring(dot + 1);
    long scaled = BigDecimal.valueOf(GoText.parseInt(fraction, 64))
        .scaleByPowerOfTen(9 - fraction.length()).setScale(0, RoundingMode.DOWN).longValue();
    return UnixTime.of(seconds, scaled);
  }

  /** A Go {@code time.ParseDuration} string that {@link #GO_DURATION} matched. */
  private static Duration goDuration(String value) throws GoText.Invalid {
    return Duration.ofNanos(GoText.parseDuration(value));
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

  /**
   * A unix time exactly as given (Go's {@code time.Unix(seconds, nanos)}, nanos brought into
   * {@code [0, 1e9)}), so that two of them compare as dockerd compares them even where both are
   * beyond {@link Instant}.
   */
  record UnixTime(long seconds, long nanos) implements Comparable<UnixTime> {
    static UnixTime of(long seconds, long nanos) {
      return nanos >= 0 || seconds == Long.MIN_VALUE ? new UnixTime(seconds, Math.max(nanos, 0))
          : new UnixTime(seconds - 1, nanos + 1_000_000_000L);
    }

    /** The instant, or the end of {@link Instant}'s range on its side. */
    Instant instant() {
      if (seconds > Instant.MAX.getEpochSecond()) {
        return Instant.MAX;
      } else if (seconds < Instant.MIN.getEpochSecond()) {
        return Instant.MIN;
      }
      return Instant.ofEpochSecond(seconds, nanos);
    }

    @Override
    public int compareTo(UnixTime other) {
      int bySeconds = Long.compare(seconds, other.seconds);
      return bySeconds != 0 ? bySeconds : Long.compare(nanos, other.nanos);
    }
  }
}
