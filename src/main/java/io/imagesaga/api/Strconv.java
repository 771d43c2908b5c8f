package io.imagesaga.api;

import java.math.BigInteger;

/**
 * Go's {@code strconv.ParseInt(s, 10, 64)}, whose errors dockerd passes on word for word:
 * an optional sign, decimal digits, the int64 range. Nothing is ever wrapped or rounded.
 */
final class Strconv {
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(
      BigInteger.ONE);
  private static final BigInteger INT64_CUTOFF = BigInteger.ONE.shiftLeft(63);

  /** Why a value is not an int64, as strconv words it. */
  static final class NotAnInt extends Exception {
    NotAnInt(String value, boolean range) {
      super("strconv.ParseInt: parsing \"" + value + "\": "
          + (range ? "value out of range" : "invalid syntax"), null, false, false);
    }
  }

  private Strconv() {}

  /**
   * The value, or the error strconv gives. Like Go, the digits are read left to right and the
   * first one that overflows 64 bits ends the read as out of range, even before a later
   * character that is no digit.
   */
  static long parseInt(String value) throws NotAnInt {
    if (value.isEmpty()) {
      throw new NotAnInt(value, false);
    }
    boolean negative = value.charAt(0) == '-';
    String digits = negative || value.charAt(0) == '+' ? value.substring(1) : value;
    if (digits.isEmpty()) {
      throw new NotAnInt(value, false);
    }
    BigInteger magnitude = BigInteger.ZERO;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new NotAnInt(value, false);
      }
      magnitude = magnitude.multiply(BigInteger.TEN).add(BigInteger.valueOf(c - '0'));
      if (magnitude.compareTo(MAX_UINT64) > 0) {
        throw new NotAnInt(value, true);
      }
    }
    int limit = magnitude.compareTo(INT64_CUTOFF);
    if (negative ? limit > 0 : limit >= 0) {
      throw new NotAnInt(value, true);
    }
    return negative ? magnitude.negate().longValueExact() : magnitude.longValueExact();
  }
}
