package io.imagesaga;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go standard-library behaviours dockerd's messages and parameters come from, in one place:
 * {@code %q} quoting, {@code unicode.IsSpace}, {@code strconv.ParseInt} and
 * {@code time.ParseDuration}. A value Go refuses is an {@link Invalid} carrying Go's own error
 * text, which each caller words into its message as dockerd does.
 */
public final class GoText {
  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L,
      "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
      "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  /** A duration's segment: digits, a fraction, the unit up to the next digit or dot. */
  private static final Pattern SEGMENT = Pattern.compile("([0-9]*)(\\.([0-9]*))?([^.0-9]*)");

  /** Go refused the value; the message is Go's error text. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private GoText() {}

  /** {@code text} as Go's {@code %q} (strconv.Quote) writes it. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
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
        default -> escaped(out, ch);
      }
    });
    return out.append('"').toString();
  }

  private static void escaped(StringBuilder out, int ch) {
    if (ch < 0x20 || ch == 0x7f) {
      out.append(String.format("\\x%02x", ch));
    } else if (!printable(ch)) {
      out.append(String.format(ch > 0xffff ? "\\U%08x" : "\\u%04x", ch));
    } else {
      out.appendCodePoint(ch);
    }
  }

  /**
   * Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII
   * space; not other spaces (NBSP), separators, format or private-use characters.
   */
  private static boolean printable(int ch) {
    return switch (Character.getType(ch)) {
      case Character.SPACE_SEPARATOR -> ch == ' ';
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.FORMAT,
          Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
          Character.CONTROL -> false;
      default -> true;
    };
  }

  /** Go's {@code unicode.IsSpace}. */
  public static boolean isSpace(int ch) {
    return (ch >= '\t' && ch <= '\r') || ch == ' ' || ch == 0x85 || Character.isSpaceChar(ch);
  }

  /**
   * Go's {@code strconv.ParseInt(value, 10, bits)}: an optional sign, decimal digits, the
   * signed range of {@code bits}. As Go, the digits are read left to right and the first that
   * overflows the unsigned range ends the read as out of range, even before a later character
   * that is no digit.
   */
  public static long parseInt(String value, int bits) throws Invalid {
    boolean negative = value.startsWith("-");
    String digits = negative || value.startsWith("+") ? value.substring(1) : value;
    if (digits.isEmpty()) {
      throw notAnInt(value, "invalid syntax");
    }
    BigInteger unsignedMax = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger magnitude = BigInteger.ZERO;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw notAnInt(value, "invalid syntax");
      }
      magnitude = magnitude.multiply(BigInteger.TEN).add(BigInteger.valueOf(c - '0'));
      if (magnitude.compareTo(unsignedMax) > 0) {
        throw notAnInt(value, "value out of range");
      }
    }
    int limit = magnitude.compareTo(BigInteger.ONE.shiftLeft(bits - 1));
    if (negative ? limit > 0 : limit >= 0) {
      throw notAnInt(value, "value out of range");
    }
    return negative ? magnitude.negate().longValueExact() : magnitude.longValueExact();
  }

  private static Invalid notAnInt(String value, String why) {
    return new Invalid("strconv.ParseInt: parsing " + quote(value) + ": " + why);
  }

  /** Go's {@code time.ParseDuration}, in nanoseconds. */
  public static long parseDuration(String original) throws Invalid {
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
  private static BigDecimal nanos(String original, Matcher segment) throws Invalid {
    String whole = segment.group(1);
    String fraction = segment.group(3) == null ? "" : segment.group(3);
    if (whole.isEmpty() && fraction.isEmpty()) {
      throw invalidDuration(original);
    }
    String unit = segment.group(4);
    if (unit.isEmpty()) {
      throw new Invalid("time: missing unit in duration " + quote(original));
    }
    Long nanos = UNITS.get(unit);
    if (nanos == null) {
      throw new Invalid("time: unknown unit " + quote(unit) + " in duration "
          + quote(original));
    }
    String number = (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction);
    return new BigDecimal(number).multiply(BigDecimal.valueOf(nanos));
  }

  private static Invalid invalidDuration(String original) {
    return new Invalid("time: invalid duration " + quote(original));
  }
}
