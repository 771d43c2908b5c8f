package io.imagesaga.catalog;

import io.imagesaga.reference.ImageId;
import java.util.HexFormat;

/**
 * An image ID as the catalog holds it: its 256 bits in four longs (48 bytes on the heap instead
 * of the ~120 of an {@link ImageId} and its 64-character string), ordered as the hex strings
 * are, so that a sorted set of them answers prefix searches.
 */
record CompactId(long high, long midHigh, long midLow, long low)
    implements Comparable<CompactId> {
  private static final String PREFIX = "sha256:";
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final int DIGITS = 64;
  /** The length of {@link #digest()}. */
  static final int DIGEST_LENGTH = PREFIX.length() + DIGITS;

  static CompactId of(ImageId id) {
    return parse(id.hex());
  }

  /** The lowest ID whose hex starts with {@code prefix}; null unless it is lowercase hex. */
  static CompactId lowestWithPrefix(String prefix) {
    if (prefix.length() > DIGITS || !isLowerHex(prefix)) {
      return null;
    }
    return parse(prefix + "0".repeat(DIGITS - prefix.length()));
  }

  private static CompactId parse(String hex) {
    return new CompactId(HexFormat.fromHexDigitsToLong(hex, 0, 16),
        HexFormat.fromHexDigitsToLong(hex, 16, 32), HexFormat.fromHexDigitsToLong(hex, 32, 48),
        HexFormat.fromHexDigitsToLong(hex, 48, 64));
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  String hex() {
    return digits(0);
  }

  /** {@code sha256:<hex>}, the ID's string form, built without an {@link ImageId}. */
  String digest() {
    return digits(PREFIX.length());
  }

  /**
   * Writes {@link #digest()} as ASCII bytes into {@code to} at {@code at}, without a string;
   * returns the index after it. {@code to} must have room for {@link #DIGEST_LENGTH} bytes.
   */
  int writeDigest(byte[] to, int at) {
    for (int i = 0; i < PREFIX.length(); i++) {
      to[at++] = (byte) PREFIX.charAt(i);
    }
    at = writeWord(high, to, at);
    at = writeWord(midHigh, to, at);
    at = writeWord(midLow, to, at);
    return writeWord(low, to, at);
  }

  private static int writeWord(long word, byte[] to, int at) {
    for (int nibble = 0; nibble < 16; nibble++) {
      to[at++] = (byte) HEX_DIGITS[(int) (word >>> (60 - 4 * nibble)) & 0xf];
    }
    return at;
  }

  ImageId toImageId() {
    return new ImageId(hex());
  }

  /** The 64 hex digits after {@code offset} characters of {@link #PREFIX}. */
  private String digits(int offset) {
    char[] chars = new char[offset + DIGITS];
    PREFIX.getChars(0, offset, chars, 0);
    long[] words = {high, midHigh, midLow, low};
    for (int word = 0; word < words.length; word++) {
      for (int nibble = 0; nibble < 16; nibble++) {
        int value = (int) (words[word] >>> (60 - 4 * nibble)) & 0xf;
        chars[offset + word * 16 + nibble] = HEX_DIGITS[value];
      }
    }
    return new String(chars);
  }

  boolean hasPrefix(String hexPrefix) {
    return hex().startsWith(hexPrefix);
  }

  /** Unsigned, word by word: the order of the hex strings. */
  @Override
  public int compareTo(CompactId other) {
    int c = Long.compareUnsigned(high, other.high);
    if (c == 0) {
      c = Long.compareUnsigned(midHigh, other.midHigh);
    }
    if (c == 0) {
      c = Long.compareUnsigned(midLow, other.midLow);
    }
    return c != 0 ? c : Long.compareUnsigned(low, other.low);
  }
}
