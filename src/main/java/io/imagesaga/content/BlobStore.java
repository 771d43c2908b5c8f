package io.imagesaga.content;

import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image configs, content-addressed under {@code <data-dir>/blobs/sha256/<hex>}, and layer
 * content under {@code <data-dir>/blobs/layers/<diff-hex>-<nonce>}, one file per layer that owns
 * it (as moby's layer store keeps a diff per chain ID), so that freeing one layer never takes
 * content another layer still uses. A blob is written to a temporary file, fsynced, renamed into
 * place and its directory fsynced before the call returns (one directory fsync serves the blobs
 * moved in meanwhile), so a reader never sees half a blob and an acknowledged blob survives a
 * crash (the directories above are synced when created). File work runs on the caller's thread
 * only where a method says it blocks; the rest runs on the blocking executor, never on an
 * actor's thread.
 *
 * <p>Loads and pulls stage their files in work directories under {@code <data-dir>/tmp}, never
 * in {@code java.io.tmpdir}: what they verify moves into the store by rename, which only works
 * on one filesystem (tmpfs or another volume: "Invalid cross-device link").
 */
public final class BlobStore implements LayerBlobs {
  private static final Logger log = LoggerFactory.getLogger(BlobStore.class);

  private final Path root;
  private final Path layers;
  private final Path staging;
  private final Executor blocking;
  private final Fsync fsync;
  /** The syncs of the directories blobs are moved into, shared by concurrent moves. */
  private final Map<Path, DirectorySync> directorySyncs = new ConcurrentHashMap<>();

  public BlobStore(Path dataDir, Executor blocking) {
    this(dataDir, blocking, Fsync.DISK);
  }

  BlobStore(Path dataDir, Executor blocking, Fsync fsync) {
    this.root = dataDir.resolve("blobs").resolve("sha256");
    this.layers = dataDir.resolve("blobs").resolve("layers");
    this.staging = dataDir.resolve("tmp");
    this.blocking = blocking;
    this.fsync = fsync;
  }

  /**
   * A new, empty work directory for one load or pull ({@code purpose}), which the caller
   * deletes when it is done. Blocking.
   */
  public Path newWorkDir(String purpose) throws IOException {
    Files.createDirectories(staging);
    return Files.createTempDirectory(staging, purpose + "-");
  }

  /**
   * Removes a work directory {@link #newWorkDir} made. Never fails: a leftover is removed at
   * the next start ({@link #removeLeftovers}), and must not fail a load or pull that has
   * registered its images. Blocking.
   */
  public void removeWorkDir(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not remove the work directory {}", dir, e);
    }
  }

  /**
   * Removes the work directories and half-written blobs ({@code .partial}) a stopped node left:
   * run at start, before any load or pull. Returns how many were removed.
   */
  public CompletionStage<Integer> removeLeftovers() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return deleteAll(staging, name -> true) + deleteAll(root, BlobStore::isPartial)
            + deleteAll(layers, BlobStore::isPartial);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
  }

  private static boolean isPartial(String name) {
    return name.endsWith(".partial");
  }

  /** Deletes, with everything under them, the entries of {@code dir} whose names match. */
  private static int deleteAll(Path dir, Predicate<String> names) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> matching;
    try (Stream<Path> entries = Files.list(dir)) {
      matching = entries.filter(p -> names.test(p.getFileName().toString())).toList();
    }
    for (Path entry : matching) {
      try (Stream<Path> tree = Files.walk(entry)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    return matching.size();
  }

  /**
   * Moves an uncompressed, verified layer tar into the store and fsyncs it. The returned name
   * is offered to the layer when it is acquired, which then owns it. Blocking.
   */
  public String stageLayer(Layers.Uncompressed layer) throws IOException {
    Path file = layer.file();
    String name = layer.diffId().encoded() + "-" + UUID.randomUUID().toString().replace("-", "");
    fsync.file(file);
    moveInto(layers, file, name);
    return name;
  }

  /** Renames a synced {@code file} to {@code name} in {@code directory}, durably. */
  private void moveInto(Path directory, Path file, String name) throws IOException {
    directory(directory);
    Files.move(file, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    syncEntries(directory);
  }

  /**
   * Every entry moved into {@code directory} before the call is on disk: one fsync serves the
   * moves of concurrent callers ({@link DirectorySync}). Blocking.
   */
  private void syncEntries(Path directory) throws IOException {
    directorySyncs.computeIfAbsent(directory, d -> new DirectorySync(d, fsync)).sync();
  }

  /** Callers waiting for a sync of the layers' directory that covers them (tests). */
  int waitingForLayersSync() {
    DirectorySync sync = directorySyncs.get(layers);
    return sync == null ? 0 : sync.waiting();
  }

  /** Creates {@code directory} if it is missing, its entry synced in the directory above. */
  private void directory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    directory(directory.getParent());
    Files.createDirectories(directory);
    fsync.directory(directory.getParent());
  }

  /** The names of every layer blob stored, owned or not. Blocking. */
  public Set<String> layerBlobs() throws IOException {
    if (!Files.isDirectory(layers)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(layers)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> !isPartial(name)).collect(Collectors.toSet());
    }
  }

  /** Where a layer's blob lives; for streaming it from a thread that may block. */
  public Path layerPath(String blob) {
    if (!blob.matches("[0-9a-f]{64}-[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not a layer blob name: " + blob);
    }
    return layers.resolve(blob);
  }

  @Override
  public CompletionStage<Void> discard(String blob) {
    return CompletableFuture.runAsync(() -> {
      try {
        Files.deleteIfExists(layerPath(blob));
      } catch (IOException e) {
        log.warn("layer blob {} could not be removed; it is garbage now", blob, e);
      }
    }, blocking);
  }

  public CompletionStage<Digest> put(byte[] content) {
    Digest digest = Digest.sha256(content);
    return CompletableFuture.supplyAsync(() -> {
      Path target = path(digest);
      try {
        if (Files.exists(target)) {
          // A concurrent put may have moved it there without having synced the directory yet.
          syncEntries(root);
          return digest;
        }
        directory(root);
        Path temp = Files.createTempFile(root, digest.encoded(), ".partial");
        Files.write(temp, content);
        fsync.file(temp);
        moveInto(root, temp, digest.encoded());
        return digest;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
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
