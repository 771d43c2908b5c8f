package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob is acknowledged only once it survives a crash: its content synced, then moved into
 * place, then the directory that names it synced, all before the call returns.
 */
class BlobStoreTest {
  @TempDir Path dataDir;

  /** Every sync, in order, with what the synced directory held at that moment. */
  private final List<String> syncs = new ArrayList<>();

  private final Fsync recording = new Fsync() {
    @Override
    public void file(Path file) {
      syncs.add("file " + dataDir.relativize(file).getParent() + " " + file.getFileName()
          .toString().endsWith(".partial"));
    }

    @Override
    public void directory(Path directory) throws IOException {
      try (var names = Files.list(directory)) {
        String name = directory.equals(dataDir) ? "." : dataDir.relativize(directory).toString();
        syncs.add("directory " + name + " " + names
            .map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  };

  @Test
  void a_config_is_synced_moved_and_its_directory_synced_before_put_completes() {
    BlobStore store = new BlobStore(dataDir, Runnable::run, recording);
    byte[] config = "{\"config\":1}".getBytes(StandardCharsets.UTF_8);
    Digest digest = store.put(config).toCompletableFuture().join();

    assertThat(syncs).containsExactly(
        "directory . [blobs]",
        "directory blobs [sha256]",
        "file blobs/sha256 true",
        "directory blobs/sha256 [" + digest.encoded() + "]");
  }

  /** A blob found in place may have been moved there by a put that has not synced it yet. */
  @Test
  void a_config_already_in_place_has_its_directory_synced_too() {
    BlobStore store = new BlobStore(dataDir, Runnable::run, recording);
    byte[] config = "{\"config\":2}".getBytes(StandardCharsets.UTF_8);
    Digest digest = store.put(config).toCompletableFuture().join();
    syncs.clear();

    assertThat(store.put(config).toCompletableFuture().join()).isEqualTo(digest);
    assertThat(syncs).containsExactly("directory blobs/sha256 [" + digest.encoded() + "]");
  }

  @Test
  void a_staged_layer_is_synced_moved_and_its_directory_synced_before_staging_returns()
      throws Exception {
    BlobStore store = new BlobStore(dataDir, Runnable::run, recording);
    Path work = Files.createDirectories(dataDir.resolve("work"));
    Path layer = Files.writeString(work.resolve("layer-0"), "layer content");
    String name = store.stageLayer(new Layers.Uncompressed(layer, Digest.sha256(
        Files.readAllBytes(layer)), Files.size(layer)));

    assertThat(syncs).containsExactly(
        "file work false",
        "directory . [blobs, work]",
        "directory blobs [layers]",
        "directory blobs/layers [" + name + "]");
    assertThat(layer).doesNotExist();
  }

  /**
   * Stagings that move their blobs in while the layers' directory is being synced wait for the
   * next sync, which serves them all; none returns on the sync that began before its move.
   */
  @Test
  void concurrent_stagings_share_the_next_directory_sync() throws Exception {
    Path layers = dataDir.resolve("blobs").resolve("layers");
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger gated = new AtomicInteger();
    List<List<String>> layerSyncs = new CopyOnWriteArrayList<>();
    Fsync gatedLayers = new Fsync() {
      @Override
      public void file(Path file) {}

      @Override
      public void directory(Path directory) throws IOException {
        if (!directory.equals(layers)) {
          return;
        }
        try (var names = Files.list(directory)) {
          layerSyncs.add(names.map(p -> p.getFileName().toString()).sorted().toList());
        }
        gated.incrementAndGet();
        await(gate);
      }
    };
    BlobStore store = new BlobStore(dataDir, Runnable::run, gatedLayers);
    Path work = Files.createDirectories(dataDir.resolve("work"));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> staged = new ArrayList<>();
      staged.add(threads.submit(() -> stage(store, work, 0)));
      awaitCondition(() -> gated.get() == 1);
      for (int i = 1; i < 4; i++) {
        int n = i;
        staged.add(threads.submit(() -> stage(store, work, n)));
      }
      // Each later staging has moved its blob in and waits for, or runs, a sync.
      awaitCondition(() -> gated.get() + store.waitingForLayersSync() == 4);
      gate.countDown();
      List<String> names = new ArrayList<>();
      for (Future<String> name : staged) {
        names.add(name.get(30, TimeUnit.SECONDS));
      }
      assertThat(layerSyncs).hasSize(2);
      assertThat(layerSyncs.get(1)).containsExactlyInAnyOrderElementsOf(names);
    } finally {
      gate.countDown();
      threads.shutdownNow();
    }
  }

  private static String stage(BlobStore store, Path work, int n) throws IOException {
    Path layer = Files.writeString(work.resolve("layer-" + n), "layer " + n);
    return store.stageLayer(new Layers.Uncompressed(layer,
        Digest.sha256(Files.readAllBytes(layer)), Files.size(layer)));
  }

  private static void await(CountDownLatch gate) throws IOException {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IOException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
