package io.imagesaga.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar written as it is read: each {@link #next} returns the next piece of the archive (a
 * header, at most {@value #CHUNK} bytes of a file, the end blocks), so that an archive of any
 * size streams in constant memory without a temporary file. Files are opened only when the
 * archive reaches them. Blocking; one reader at a time.
 */
public final class TarStream implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  /** One entry of the archive. */
  public sealed interface Entry {
    String name();

    /** Content held in memory (a config, {@code manifest.json}). */
    record Bytes(String name, byte[] content) implements Entry {}

    /** Content read from a file (a layer) as the stream reaches it. */
    record File(String name, Path path) implements Entry {}
  }

  private final Iterator<Entry> entries;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(pending);
  private InputStream file;
  private boolean finished;

  public TarStream(List<Entry> entries) {
    this.entries = List.copyOf(entries).iterator();
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  /** The next piece of the archive, or empty once it has ended. */
  public Optional<byte[]> next() throws IOException {
    while (pending.size() == 0 && !finished) {
      advance();
    }
    if (pending.size() == 0) {
      return Optional.empty();
    }
    byte[] piece = pending.toByteArray();
    pending.reset();
    return Optional.of(piece);
  }

  /** Writes the next step of the archive into {@link #pending} (a step may write nothing). */
  private void advance() throws IOException {
    if (file != null) {
      byte[] chunk = file.readNBytes(CHUNK);
      if (chunk.length > 0) {
        tar.write(chunk);
        return;
      }
      file.close();
      file = null;
      tar.closeArchiveEntry(); // fails if the file was shorter than its header said
    } else if (!entries.hasNext()) {
      tar.finish();
      finished = true;
    } else {
      begin(entries.next());
    }
  }

  private void begin(Entry entry) throws IOException {
    TarArchiveEntry header = new TarArchiveEntry(entry.name());
    if (entry instanceof Entry.Bytes bytes) {
      header.setSize(bytes.content().length);
      tar.putArchiveEntry(header);
      tar.write(bytes.content());
      tar.closeArchiveEntry();
    } else if (entry instanceof Entry.File content) {
      SeekableByteChannel channel = Files.newByteChannel(content.path());
      file = Channels.newInputStream(channel);
      header.setSize(channel.size());
      tar.putArchiveEntry(header);
    }
  }

  /** Closes the file being read, if any; an archive closed before its end stays unfinished. */
  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
      file = null;
    }
  }
}
