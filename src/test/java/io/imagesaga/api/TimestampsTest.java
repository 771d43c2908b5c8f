package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import io.imagesaga.api.Timestamps.UnixTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** moby's ParseTimestamps and GetTimestamp, over the whole int64 range and past it. */
class TimestampsTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "0                        | 0                    | 0",
      "1.5                      | 1                    | 500000000",
      "1.000000001              | 1                    | 1",
      // Longer than nine digits: truncated, as moby scales by 10^(9-len).
      "1.1234567891             | 1                    | 123456789",
      "+5                       | 5                    | 0",
      "-1                       | -1                   | 0",
      // A signed fraction counts its sign as a digit and goes back in time.
      "1.-5                     | 0                    | 950000000",
      "9223372036854775807      | 9223372036854775807  | 0",
      "-9223372036854775808     | -9223372036854775808 | 0"})
  void event_times_are_any_int64_of_seconds(String value, long seconds, long nanos) {
    assertThat(Timestamps.eventTime(value)).isEqualTo(new UnixTime(seconds, nanos));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "99999999999999999999     | 99999999999999999999: value out of range",
      "9223372036854775808      | 9223372036854775808: value out of range",
      "-9223372036854775809     | -9223372036854775809: value out of range",
      // Go reads left to right: the overflow is met before the letter.
      "99999999999999999999x    | 99999999999999999999x: value out of range",
      "1.99999999999999999999   | 99999999999999999999: value out of range",
      "abc                      | abc: invalid syntax",
      "1.                       | '': invalid syntax",
      "+                        | +: invalid syntax",
      "1e5                      | 1e5: invalid syntax",
      "2024-01-01T00:00:00Z     | 2024-01-01T00:00:00Z: invalid syntax"})
  void event_times_that_are_no_int64_get_strconvs_words(String value, String problem) {
    String[] parts = problem.split(": ");
    String parsed = parts[0].equals("''") ? "" : parts[0];
    assertThatThrownBy(() -> Timestamps.eventTime(value))
        .isInstanceOf(RejectedException.class)
        .hasMessage("strconv.ParseInt: parsing \"" + parsed + "\": " + parts[1]);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "999999999999999999       | +1000000000-12-31T23:59:59.999999999Z",
      "9223372036854775807      | +1000000000-12-31T23:59:59.999999999Z",
      "12.5                     | 1970-01-01T00:00:12.500Z",
      "+5                       | 1970-01-01T00:00:05Z",
      "0                        | 1970-01-01T00:00:00Z",
      "2026-01-02               | 2026-01-02T00:00:00Z",
      "2026-01-02T03:04:05      | 2026-01-02T03:04:05Z",
      "2026-01-02T03:04:05+01:00 | 2026-01-02T02:04:05Z"})
  void filter_times_beyond_instant_stand_for_its_ends(String value, String expected) {
    assertThat(Timestamps.parse(value)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "24h     | PT24H", "1h30m | PT1H30M", "1.5h | PT1H30M", ".5s | PT0.5S",
      "5.s     | PT5S", "-10m | PT-10M", "+2m | PT2M", "1µs | PT0.000001S",
      "1μs     | PT0.000001S", "-0 | PT0S"})
  void go_durations_are_that_long_before_now(String value, String ago) {
    Instant before = Instant.now();
    Instant parsed = Timestamps.parse(value);
    Instant after = Instant.now();
    Duration duration = Duration.parse(ago);
    assertThat(parsed).isBetween(before.minus(duration), after.minus(duration));
  }

  /** Java's regex engine recurses per repetition of a group: a long duration overflowed it. */
  @Test
  void a_duration_of_many_parts_reads_without_overflowing_the_stack() {
    Instant before = Instant.now();
    Instant parsed = Timestamps.parse("1s".repeat(100_000));
    assertThat(parsed).isBetween(before.minusSeconds(100_001), before.minusSeconds(99_999));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "99999999999999999999", "18446744073709551617", "1.5e3", "abc", "1.99999999999999999999",
      "3000000h", "'.h'", "10", "-5",
      // A '-' makes moby read a date, so no negative number is a filter time.
      "-9223372036854775808", "2026-13-01", "''"})
  void filter_times_that_are_none_are_mobys_parse_failure(String value) {
    if (value.equals("10")) {
      // Ten is no duration (a unit is missing) but unix seconds.
      assertThat(Timestamps.parse(value)).isEqualTo(Instant.ofEpochSecond(10));
      return;
    }
    assertThatThrownBy(() -> Timestamps.parse(value))
        .isInstanceOf(RejectedException.class)
        .hasMessage("failed to parse value as time or duration: " + GoText.quote(value));
    assertThatThrownBy(() -> Timestamps.parse(value, "'until' filter"))
        .hasMessage("invalid value for 'until' filter: failed to parse value as time or"
            + " duration: " + GoText.quote(value));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "abc | \"abc\"", "'a\"b' | \"a\\\"b\"", "'a\\b' | \"a\\\\b\"", "'' | \"\""})
  void quotes_as_go_does(String value, String quoted) {
    assertThat(GoText.quote(value)).isEqualTo(quoted);
  }
}
