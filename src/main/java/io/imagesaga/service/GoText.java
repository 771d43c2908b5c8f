package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Go standard-library behaviours dockerd's change messages come from: {@code %q}
 * quoting, {@code unicode.IsSpace}, {@code time.ParseDuration} and {@code strconv.ParseInt},
 * with their error texts.
 */
final class GoText {
  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L,
      "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
      "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  /** A duration's segment: digits, a fraction, the unit up to the next digit or dot. */
  private static final Pattern SEGMENT = Pattern.compile("([0-9]*)(\\.([0-9]*))?([^.0-9]*)");
  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private GoText() {}

  /** {@code text} as Go's {@code %q} writes it. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(ch -> {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case 11 -> out.append("\\v");
        default -> {
          if (ch < 0x20 || ch == 0x7f) {
            out.append(String.format("\\x%02x", ch));
          } else if (Character.isISOControl(ch) || !Character.isDefined(ch)) {
            out.append(String.format(ch > 0xffff ? "\\U%08x" : "\\u%04x", ch));
          } else {
            out.appendCodePoint(ch);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int ch) {
    return (ch >= '\t' && ch <= '\r') || ch == ' ' || ch == 0x85 || Character.isSpaceChar(ch);
  }

  /** Go's {@code time.ParseDuration}, in nanoseconds. */
  static long parseDuration(String original) {
    boolean negative = original.startsWith("-");
    String s = negative || original.startsWith("+") ? original.substring(1) : original;
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalidDuration(original);
    }
    BigDecimal total = BigDecimal.ZERO;
    Matcher segment = SEGMENT.matcher(s);
    for (int pos = 0; pos < s.length(); pos = segment.end()) {
      segment.region(pos, s.length()).lookingAt(); // every group is optional: it matches
      total = total.add(nanos(original, segment));
    }
    BigInteger whole = total.toBigInteger();
    if (whole.bitLength() > 63 && !(negative && whole.equals(BigInteger.ONE.shiftLeft(63)))) {
      throw invalidDuration(original);
    }
    return negative ? whole.negate().longValue() : whole.longValue();
  }

  /** One {@code <number><unit>} of a duration; a segment without digits is invalid. */
  private static BigDecimal nanos(String original, Matcher segment) {
    String whole = segment.group(1);
    String fraction = segment.group(3) == null ? "" : segment.group(3);
    if (whole.isEmpty() && fraction.isEmpty()) {
      throw invalidDuration(original);
    }
    String unit = segment.group(4);
    if (unit.isEmpty()) {
      throw goError("time: missing unit in duration " + quote(original));
    }
    Long nanos = UNITS.get(unit);
    if (nanos == null) {
      throw goError("time: unknown unit " + quote(unit) + " in duration " + quote(original));
    }
    String number = (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction);
    return new BigDecimal(number).multiply(BigDecimal.valueOf(nanos));
  }

  /** Go's {@code strconv.ParseInt(text, 10, 32)}. */
  static int parseInt32(String text) {
    String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw goError("strconv.ParseInt: parsing " + quote(text) + ": invalid syntax");
    }
    BigInteger value = new BigInteger(text.startsWith("+") ? digits : text);
    if (value.compareTo(INT32_MIN) < 0 || value.compareTo(INT32_MAX) > 0) {
      throw goError("strconv.ParseInt: parsing " + quote(text) + ": value out of range");
    }
    return value.intValue();
  }

  private static RejectedException invalidDuration(String original) {
    return goError("time: invalid duration " + quote(original));
  }

  private static RejectedException goError(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
