package io.imagesaga.checkpoint;

import io.imagesaga.content.Fsync;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * One checkpoint per tag, in {@code <dir>/<tag>.checkpoint}: a header (tag, offset, the event at
 * the offset), then each state, then a CRC-32 of all of it. A state is written by its type's
 * {@link StateCodec} when there is one and it fits, else as the configured Pekko serializer
 * writes it (the entities' snapshot format); a byte before each says which. Files of the
 * earlier format ({@code ISC1}: every state serialized, no such byte) still read. Written to a
 * temporary file, fsynced and renamed over the old one, so a crash leaves the old checkpoint or
 * the new one, never half of one.
 */
final class CheckpointFile {
  /** A saved checkpoint, and whether it is in the format written now. */
  record Saved<S>(Checkpoint<S> checkpoint, boolean currentFormat) {}

  private static final int SERIALIZED_ONLY = 0x49534331; // "ISC1"
  private static final int MAGIC = 0x49534332; // "ISC2"
  /** The byte before a state that Pekko's serializer wrote; a codec's id marks its own. */
  private static final int SERIALIZED = 0;

  private final Path dir;
  private final Serialization serialization;
  private final Map<Class<?>, StateCodec<?>> codecsByType = new HashMap<>();
  private final Map<Integer, StateCodec<?>> codecsById = new HashMap<>();

  CheckpointFile(Path dir, Serialization serialization, List<StateCodec<?>> codecs) {
    this.dir = dir;
    this.serialization = serialization;
    for (StateCodec<?> codec : codecs) {
      if (codec.id() <= SERIALIZED || codec.id() > Byte.MAX_VALUE
          || codecsById.put(codec.id(), codec) != null) {
        throw new IllegalArgumentException("state codec id " + codec.id() + " is taken or "
            + "out of range");
      }
      codecsByType.put(codec.type(), codec);
    }
  }

  private Path path(String tag) {
    return dir.resolve(tag + ".checkpoint");
  }

  /** The offset the saved checkpoint of {@code tag} covers, reading its header only. */
  OptionalLong offset(String tag) throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(path(tag)), 4096))) {
      return OptionalLong.of(header(in, tag, in.readInt()).offset());
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The saved checkpoint of {@code tag}, if there is one; fails if it is damaged. The checksum
   * is checked before anything is parsed, so that no damaged count or length sizes an allocation
   * (an OutOfMemoryError would end the start instead of costing a read of the tag).
   */
  <S> Optional<Saved<S>> read(String tag) throws IOException {
    try (FileChannel channel = FileChannel.open(path(tag), StandardOpenOption.READ)) {
      verifyChecksum(channel, tag);
      channel.position(0);
      DataInputStream in = new DataInputStream(
          new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      int magic = in.readInt();
      Checkpoint<S> header = header(in, tag, magic);
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("checkpoint of " + tag + " is damaged (count " + count + ")");
      }
      Map<String, S> states = new HashMap<>(count * 4 / 3 + 1);
      Map<String, Object> shared = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String persistenceId = in.readUTF();
        int kind = magic == SERIALIZED_ONLY ? SERIALIZED : in.readByte();
        states.put(persistenceId, kind == SERIALIZED ? serialized(in) : coded(in, kind, shared));
      }
      return Optional.of(new Saved<>(new Checkpoint<>(tag, header.offset(), header.last(),
          states), magic == MAGIC));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Fails unless the trailing CRC-32 is that of everything before it. */
  private static void verifyChecksum(FileChannel channel, String tag) throws IOException {
    long content = channel.size() - Long.BYTES;
    if (content < 0) {
      throw new IOException("checkpoint of " + tag + " is damaged (truncated)");
    }
    CheckedInputStream checked =
        new CheckedInputStream(Channels.newInputStream(channel), new CRC32());
    byte[] buffer = new byte[1 << 16];
    for (long left = content; left > 0; ) {
      int read = checked.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException("checkpoint of " + tag + " ended early");
      }
      left -= read;
    }
    long crc = checked.getChecksum().getValue();
    if (new DataInputStream(checked).readLong() != crc) {
      throw new IOException("checkpoint of " + tag + " is damaged (checksum)");
    }
  }

  private static <S> Checkpoint<S> header(DataInputStream in, String tag, int magic)
      throws IOException {
    if ((magic != MAGIC && magic != SERIALIZED_ONLY) || !in.readUTF().equals(tag)) {
      throw new IOException("not a checkpoint of " + tag);
    }
    long offset = in.readLong();
    Optional<Checkpoint.EventId> last = in.readBoolean()
        ? Optional.of(new Checkpoint.EventId(in.readUTF(), in.readLong())) : Optional.empty();
    return new Checkpoint<>(tag, offset, last, Map.of());
  }

  @SuppressWarnings("unchecked")
  private <S> S coded(DataInputStream in, int id, Map<String, Object> shared)
      throws IOException {
    StateCodec<?> codec = codecsById.get(id);
    if (codec == null) {
      throw new IOException("checkpoint names an unknown state codec " + id);
    }
    return (S) codec.read(in, shared);
  }

  @SuppressWarnings("unchecked")
  private <S> S serialized(DataInputStream in) throws IOException {
    int serializer = in.readInt();
    String manifest = in.readUTF();
    byte[] bytes = in.readNBytes(in.readInt());
    return (S) serialization.deserialize(bytes, serializer, manifest).get();
  }

  /** Replaces the saved checkpoint of its tag with {@code checkpoint}, durably. Blocking. */
  void write(Checkpoint<?> checkpoint) throws IOException {
    Files.createDirectories(dir);
    Path temporary = dir.resolve(checkpoint.tag() + ".checkpoint.tmp");
    try (FileOutputStream file = new FileOutputStream(temporary.toFile())) {
      BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
      CheckedOutputStream checked = new CheckedOutputStream(buffered, new CRC32());
      DataOutputStream out = new DataOutputStream(checked);
      writeContent(out, checkpoint);
      out.flush();
      DataOutputStream trailer = new DataOutputStream(buffered);
      trailer.writeLong(checked.getChecksum().getValue());
      trailer.flush();
      file.getFD().sync();
    }
    Files.move(temporary, path(checkpoint.tag()), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Fsync.DISK.directory(dir);
  }

  private void writeContent(DataOutputStream out, Checkpoint<?> checkpoint) throws IOException {
    out.writeInt(MAGIC);
    out.writeUTF(checkpoint.tag());
    out.writeLong(checkpoint.offset());
    out.writeBoolean(checkpoint.last().isPresent());
    if (checkpoint.last().isPresent()) {
      out.writeUTF(checkpoint.last().get().persistenceId());
      out.writeLong(checkpoint.last().get().sequenceNr());
    }
    out.writeInt(checkpoint.states().size());
    for (Map.Entry<String, ?> entry : checkpoint.states().entrySet()) {
      out.writeUTF(entry.getKey());
      Object state = entry.getValue();
      if (writeCoded(out, state)) {
        continue;
      }
      out.writeByte(SERIALIZED);
      Serializer serializer = serialization.findSerializerFor(state);
      byte[] bytes = serializer.toBinary(state);
      out.writeInt(serializer.identifier());
      out.writeUTF(Serializers.manifestFor(serializer, state));
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  @SuppressWarnings("unchecked")
  private boolean writeCoded(DataOutputStream out, Object state) throws IOException {
    StateCodec<Object> codec = (StateCodec<Object>) codecsByType.get(state.getClass());
    if (codec == null || !codec.fits(state)) {
      return false;
    }
    out.writeByte(codec.id());
    codec.write(state, out);
    return true;
  }
}
