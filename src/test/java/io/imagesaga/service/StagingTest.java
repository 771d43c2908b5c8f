package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.content.BlobStore;
import io.imagesaga.content.Layers;
import io.imagesaga.reference.Digest;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads and pulls stage their files under {@code <data-dir>/tmp}, on the store's filesystem, so
 * that what they verified moves into it by rename (from {@code java.io.tmpdir}, on tmpfs or on
 * another volume, the move failed: "Invalid cross-device link"); a start removes what a stopped
 * node left there, and half-written blobs. A layer that cannot be staged takes those staged
 * before it out of the store again.
 */
class StagingTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final Path SYSTEM_TEMP = Path.of(System.getProperty("java.io.tmpdir"));

  @Test
  void a_load_stages_under_the_data_dir_and_leaves_nothing_there() throws Exception {
    List<Entry> entries = TestArchives.image("staging-load").entries("staging/load:1");
    byte[] tar = TestArchives.tar(entries);
    Set<String> systemTempBefore = ours(SYSTEM_TEMP);
    Set<Path> stagedBefore = staged();
    GatedStream body = new GatedStream(tar, entriesLength(entries));
    CompletionStage<List<String>> load = NODE.driver().node().loader().load(body,
        NodeDriver.PROVENANCE);

    assertThat(body.reached.await(30, TimeUnit.SECONDS)).as("load read its entries").isTrue();
    try {
      // Entries are stored under names of the loader's choosing: found by their content.
      byte[] manifest = entries.get(entries.size() - 1).content();
      assertThat(newer(stagedBefore)).as("every entry unpacked under <data-dir>/tmp")
          .anySatisfy(f -> assertThat(Files.readAllBytes(f)).isEqualTo(manifest));
    } finally {
      body.release.countDown();
    }
    assertThat(ours(SYSTEM_TEMP)).as("nothing staged in java.io.tmpdir")
        .isEqualTo(systemTempBefore);
    assertThat(NodeDriver.await(load)).containsExactly("Loaded image: staging/load:1");
    assertThat(staged()).as("the load's files are gone").isEqualTo(stagedBefore);
  }

  @Test
  void a_pull_stages_under_the_data_dir_and_leaves_nothing_there() throws Exception {
    try (TestRegistry registry = new TestRegistry()) {
      CountDownLatch secondBlob = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger blobs = new AtomicInteger();
      registry.beforeBlob(digest -> {
        if (blobs.incrementAndGet() == 2) {
          secondBlob.countDown();
          awaitQuietly(release);
        }
      });
      Set<String> systemTempBefore = ours(SYSTEM_TEMP);
      Set<Path> stagedBefore = staged();
      Set<Path> workDirsBefore = Set.copyOf(children(NODE.dataDir().resolve("tmp")));
      var pull = NODE.driver().node().puller().pull(registry.host() + "/team/app", "1",
          NodeDriver.PROVENANCE);

      assertThat(secondBlob.await(30, TimeUnit.SECONDS)).as("pull fetched a blob").isTrue();
      try {
        // The config is read into memory (bounded); the layer about to come streams in here.
        Set<Path> workDirs = new HashSet<>(children(NODE.dataDir().resolve("tmp")));
        workDirs.removeAll(workDirsBefore);
        assertThat(workDirs).as("the pull's work directory, under <data-dir>/tmp")
            .singleElement().satisfies(dir -> assertThat(dir.getFileName().toString())
                .startsWith("pull-"));
      } finally {
        release.countDown();
      }
      assertThat(ours(SYSTEM_TEMP)).as("nothing staged in java.io.tmpdir")
          .isEqualTo(systemTempBefore);
      assertThat(NodeDriver.await(NodeDriver.await(pull).finished())).isNotEmpty();
      assertThat(staged()).as("the pull's files are gone").isEqualTo(stagedBefore);
    }
  }

  @Test
  void a_start_removes_what_staging_and_half_written_blobs_left() throws Exception {
    Path dataDir = NODE.dataDir();
    Path staged = Files.createDirectories(dataDir.resolve("tmp/load-1234/archive"));
    Files.writeString(staged.resolve("manifest.json"), "[]");
    Path config = Files.createDirectories(dataDir.resolve("blobs/sha256"))
        .resolve("a".repeat(64) + "123.partial");
    Files.writeString(config, "{");
    Path layer = Files.createDirectories(dataDir.resolve("blobs/layers"))
        .resolve("b".repeat(64) + ".partial");
    Files.writeString(layer, "half a layer");
    Path kept = dataDir.resolve("blobs/sha256/" + "c".repeat(64));
    Files.writeString(kept, "{}");

    NODE.restart();

    assertThat(children(dataDir.resolve("tmp"))).isEmpty();
    assertThat(config).doesNotExist();
    assertThat(layer).doesNotExist();
    assertThat(kept).as("a whole blob stays").exists();
  }

  @Test
  void a_layer_that_fails_to_stage_takes_those_staged_before_it_out_of_the_store(
      @TempDir Path dataDir) throws Exception {
    BlobStore store = new BlobStore(dataDir, ForkJoinPool.commonPool());
    Path work = store.newWorkDir("pull");
    Layers.Uncompressed first = layer(work.resolve("layer-0"), "first layer");
    Layers.Uncompressed second = layer(work.resolve("layer-1"), "second layer");
    // What a disk that fails on the second layer (full, or its fsync failing) comes to: the
    // first is in the store, owned by no layer, when the second cannot be staged.
    Files.delete(second.file());
    assertThatThrownBy(() -> LayerSpec.stage(store, List.of(first, second)))
        .isInstanceOf(IOException.class);
    assertThat(store.layerBlobs()).as("blobs left in the store").isEmpty();
  }

  private static Layers.Uncompressed layer(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    return new Layers.Uncompressed(file, Digest.sha256(bytes), bytes.length);
  }

  /** The bytes of {@code entries} in a tar: each header and its content, padded to 512. */
  private static int entriesLength(List<Entry> entries) {
    return entries.stream().mapToInt(e -> 512 + (e.content().length + 511) / 512 * 512).sum();
  }

  /** The files under {@code <data-dir>/tmp}. */
  private static Set<Path> staged() throws IOException {
    Path tmp = NODE.dataDir().resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }

  private static Set<Path> newer(Set<Path> before) throws IOException {
    Set<Path> now = new HashSet<>(staged());
    now.removeAll(before);
    return now;
  }

  /** What imagesaga named in {@code dir}. */
  private static Set<String> ours(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.startsWith("imagesaga-load") || name.startsWith("imagesaga-pull"))
          .collect(Collectors.toSet());
    }
  }

  private static List<Path> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Serves {@code bytes}, but the first read past {@code gate} waits for {@link #release}:
   * the reader has then consumed (and unpacked) everything before it.
   */
  private static final class GatedStream extends InputStream {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final byte[] bytes;
    private final int gate;
    private int position;

    GatedStream(byte[] bytes, int gate) {
      this.bytes = bytes;
      this.gate = gate;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == gate && reached.getCount() > 0) {
        reached.countDown();
        awaitQuietly(release);
      }
      int end = position < gate ? gate : bytes.length;
      if (position >= end) {
        return -1;
      }
      int n = Math.min(length, end - position);
      System.arraycopy(bytes, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
