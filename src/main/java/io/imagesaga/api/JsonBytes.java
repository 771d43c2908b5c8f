package io.imagesaga.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;

/**
 * A growing byte array that JSON is written into directly, as UTF-8, for answers too large to
 * go through Jackson's generator quickly (the image listing). Contract: every string is written
 * exactly as {@link Json#MAPPER}'s generator writes it, so an answer written here has the same
 * bytes as one Jackson writes: plain ASCII is copied, a string with anything else is written by
 * that generator (its escapes: a backslash before {@code "} and itself, the
 * short forms of the control characters that have one and a six-character hex escape for the
 * others; UTF-8 beyond ASCII).
 */
final class JsonBytes {
  private byte[] bytes;
  private int length;

  JsonBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** The bytes written, without copying them: nothing may be written after this. */
  ByteString result() {
    return ByteString.fromArrayUnsafe(bytes, 0, length);
  }

  /** Room for {@code more} bytes at {@link #at()}, which {@link #moveTo} then moves past. */
  byte[] reserve(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
    return bytes;
  }

  int at() {
    return length;
  }

  void moveTo(int at) {
    length = at;
  }

  /** ASCII text that needs no escaping: field names, punctuation. */
  JsonBytes raw(byte[] ascii) {
    reserve(ascii.length);
    System.arraycopy(ascii, 0, bytes, length, ascii.length);
    length += ascii.length;
    return this;
  }

  JsonBytes raw(char ascii) {
    reserve(1)[length++] = (byte) ascii;
    return this;
  }

  /** A number as Jackson writes a {@code long}: plain decimal digits, a minus sign if negative. */
  JsonBytes number(long value) {
    if (value >= 0 && value < 10) {
      return raw((char) ('0' + value));
    }
    return raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code value} quoted, escaped as Jackson's generator escapes it. */
  JsonBytes string(String value) {
    int start = length;
    raw('"');
    int n = value.length();
    byte[] to = reserve(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7f || c == '"' || c == '\\') {
        // Not plain ASCII: what was copied is overwritten by the generator's own writing of
        // all of it. Not JsonStringEncoder's: it refuses half a surrogate pair, which a
        // config's JSON may spell and the generator writes as an escape.
        length = start;
        return raw(generated(value));
      }
      to[length + i] = (byte) c;
    }
    length += n;
    return raw('"');
  }

  private static byte[] generated(String value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string is always written", e);
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
