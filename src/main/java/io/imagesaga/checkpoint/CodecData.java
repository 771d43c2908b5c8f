package io.imagesaga.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The field encodings {@link StateCodec}s share: strings as a length and UTF-8 (-1 for null;
 * no 64 KB bound as with {@code writeUTF}), optionals as a null or a value, instants as
 * seconds and nanoseconds.
 */
public final class CodecData {
  private CodecData() {}

  public static void writeString(DataOutput out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static String readString(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static void writeOptional(DataOutput out, Optional<String> value) throws IOException {
    writeString(out, value.orElse(null));
  }

  public static Optional<String> readOptional(DataInput in) throws IOException {
    return Optional.ofNullable(readString(in));
  }

  public static void writeInstant(DataOutput out, Instant value) throws IOException {
    out.writeLong(value.getEpochSecond());
    out.writeInt(value.getNano());
  }

  public static Instant readInstant(DataInput in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  /** A count read back: a negative one is damage (the checksum should have caught it). */
  public static int readCount(DataInput in) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("damaged count " + count);
    }
    return count;
  }
}
