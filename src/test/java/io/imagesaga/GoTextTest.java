package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's quoting and number parsing, with Go's error texts, as dockerd's messages carry them. */
class GoTextTest {

  @Test
  void quotes_as_strconv_quote_does() {
    assertThat(GoText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GoText.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
    assertThat(GoText.quote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
    assertThat(GoText.quote("\u0085é")).isEqualTo("\"\\u0085é\"");
    assertThat(GoText.quote("a\u00a0b\u200b\ue000 日本")).isEqualTo(
        "\"a\\u00a0b\\u200b\\ue000 日本\"");
  }

  @ParameterizedTest(name = "[{index}] {0} in {1} bits")
  @CsvSource(delimiter = '|', value = {
      "2147483647 | 32 | 2147483647", "-2147483648 | 32 | -2147483648", "+7 | 32 | 7",
      "9223372036854775807 | 64 | 9223372036854775807"})
  void reads_an_int_in_range(String value, int bits, long expected) throws Exception {
    assertThat(GoText.parseInt(value, bits)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} in {1} bits")
  @CsvSource(delimiter = '|', value = {
      "2147483648 | 32 | value out of range", "'' | 64 | invalid syntax",
      "- | 64 | invalid syntax", "1x | 64 | invalid syntax",
      "99999999999999999999x | 64 | value out of range",
      "9223372036854775808 | 64 | value out of range"})
  void refuses_what_strconv_refuses_with_its_words(String value, int bits, String why) {
    assertThatThrownBy(() -> GoText.parseInt(value, bits)).isInstanceOf(GoText.Invalid.class)
        .hasMessage("strconv.ParseInt: parsing " + GoText.quote(value) + ": " + why);
  }

  @Test
  void reads_durations_as_time_parse_duration_does() throws Exception {
    assertThat(GoText.parseDuration("1h30m")).isEqualTo(5_400_000_000_000L);
    assertThat(GoText.parseDuration("-1.5s")).isEqualTo(-1_500_000_000L);
    assertThat(GoText.parseDuration("0")).isZero();
    assertThat(GoText.parseDuration("2\u00b5s")).isEqualTo(2_000L);
    assertThatThrownBy(() -> GoText.parseDuration("5")).hasMessage(
        "time: missing unit in duration \"5\"");
    assertThatThrownBy(() -> GoText.parseDuration("5y")).hasMessage(
        "time: unknown unit \"y\" in duration \"5y\"");
    assertThatThrownBy(() -> GoText.parseDuration("3000000h")).hasMessage(
        "time: invalid duration \"3000000h\"");
  }
}
