package io.imagesaga.content;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the blob store makes a file's content, or a directory's entries, reach the disk. A file
 * moved into place survives a crash only once both are synced: its content before the move,
 * the directory that names it after.
 */
public interface Fsync {
  void file(Path file) throws IOException;

  void directory(Path directory) throws IOException;

  /** {@code fsync(2)}, through a channel opened on the file or, on Linux, the directory. */
  Fsync DISK = new Fsync() {
    @Override
    public void file(Path file) throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }

    @Override
    public void directory(Path directory) throws IOException {
      try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  };
}
