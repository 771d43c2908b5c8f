package io.imagesaga.content;

import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Content-addressed files under {@code <data-dir>/blobs/sha256/<hex>}. A blob is written to a
 * temporary file, fsynced and renamed into place, so a reader never sees half a blob and an
 * acknowledged blob survives a crash. All file work runs on the blocking executor, never on an
 * actor's thread.
 */
public final class BlobStore {
  private final Path root;
  private final Executor blocking;

  public BlobStore(Path dataDir, Executor blocking) {
    this.root = dataDir.resolve("blobs").resolve("sha256");
    this.blocking = blocking;
  }

  public CompletionStage<Digest> put(byte[] content) {
    Digest digest = Digest.sha256(content);
    return CompletableFuture.supplyAsync(() -> {
      Path target = path(digest);
      if (Files.exists(target)) {
        return digest;
      }
      try {
        Files.createDirectories(root);
        Path temp = Files.createTempFile(root, digest.encoded(), ".partial");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.wrap(content));
          channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return digest;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
  }

  /**
   * Moves {@code file}, whose content is known to hash to {@code digest}, into the store and
   * fsyncs it. Blocking: call it from a thread that may block.
   */
  public void adopt(Path file, Digest digest) throws IOException {
    Path target = path(digest);
    Files.createDirectories(root);
    if (Files.exists(target)) {
      Files.delete(file);
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
  }

  public CompletionStage<Optional<byte[]>> get(Digest digest) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Optional.of(Files.readAllBytes(path(digest)));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
  }

  /** Where a blob lives; for streaming a large blob from a thread that may block. */
  public Path path(Digest digest) {
    if (!digest.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("only sha256 blobs are stored: " + digest);
    }
    return root.resolve(digest.encoded());
  }
}
