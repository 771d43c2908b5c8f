package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The few Go standard-library behaviours dockerd's change messages come from: {@code %q}
 * quoting, {@code unicode.IsSpace}, {@code time.ParseDuration} and {@code strconv.ParseInt},
 * with their error texts.
 */
final class GoText {
  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L,
      "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
      "m", 60_000_000_000L, "h", 3_600_000_000_000L);
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
    String s = original;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalidDuration(original);
    }
    BigDecimal total = BigDecimal.ZERO;
    while (!s.isEmpty()) {
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
        i++;
      }
      int dot = i < s.length() && s.charAt(i) == '.' ? i : -1;
      int end = dot < 0 ? i : dot + 1;
      while (dot >= 0 && end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
        end++;
      }
      boolean digits = i > 0 || (dot >= 0 && end > dot + 1);
      if (!digits) {
        throw invalidDuration(original);
      }
      BigDecimal number = new BigDecimal((i > 0 ? s.substring(0, i) : "0")
          + (dot >= 0 && end > dot + 1 ? s.substring(dot, end) : ""));
      int unitEnd = end;
      while (unitEnd < s.length() && s.charAt(unitEnd) != '.'
          && !(s.charAt(unitEnd) >= '0' && s.charAt(unitEnd) <= '9')) {
        unitEnd++;
      }
      if (unitEnd == end) {
        throw goError("time: missing unit in duration " + quote(original));
      }
      String unit = s.substring(end, unitEnd);
      Long nanos = UNITS.get(unit);
      if (nanos == null) {
        throw goError("time: unknown unit " + quote(unit) + " in duration " + quote(original));
      }
      total = total.add(number.multiply(BigDecimal.valueOf(nanos)));
      s = s.substring(unitEnd);
    }
    BigInteger whole = total.toBigInteger();
    if (whole.bitLength() > 63 && !(negative && whole.equals(BigInteger.ONE.shiftLeft(63)))) {
      throw invalidDuration(original);
    }
    return negative ? whole.negate().longValue() : whole.longValue();
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
