package io.imagesaga.repository;

import static io.imagesaga.testkit.NodeDriver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a repository of a hundred thousand tags costs to change and to recover: bytes the node
 * writes (journal and snapshots, from {@code /proc/self/io}) per thousand tags changed, and the
 * time from a restart to its first answer. Prints the figures; run longer for a steady-state
 * average over several snapshot intervals:
 * {@code mvn -B test -Dtest=RepositorySnapshotCostTest -Dimagesaga.snapshot-cost.changes=30000}.
 */
class RepositorySnapshotCostTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final String NAME = "docker.io/library/huge";
  private static final int TAGS = 100_000;
  private static final int CHANGES = Integer.getInteger("imagesaga.snapshot-cost.changes", 1000);
  private static final ImageId FIRST = image("first");
  private static final ImageId SECOND = image("second");

  @Test
  void changing_tags_of_a_huge_repository_writes_little_and_it_recovers_quickly()
      throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "needs Linux's /proc/self/io");
    fill();
    long coldStart = System.nanoTime();
    assertThat(references()).isEqualTo(TAGS);
    long cold = millisSince(coldStart);

    long before = written();
    for (int i = 0; i < CHANGES; i++) {
      NamedReference tag = References.parseNormalizedNamed("huge:" + i);
      await(NODE.driver().entities().<RepositoryCommand.Resolution>repository(NAME,
          replyTo -> new RepositoryCommand.SetReference(tag, SECOND, "change-" + tag, replyTo)));
    }
    long bytes = written() - before;
    long perThousand = bytes * 1000 / CHANGES;

    NODE.restart();
    long warmStart = System.nanoTime();
    assertThat(references()).isEqualTo(TAGS);
    long warm = millisSince(warmStart);
    System.out.printf("%d-tag repository: %d tags changed wrote %d bytes (%d per 1,000 tags,"
            + " snapshots on disk %d bytes); first answer after recovery from the journal"
            + " alone %d ms, after a restart %d ms%n",
        TAGS, CHANGES, bytes, perThousand, snapshotBytes(), cold, warm);
    assertThat(perThousand).as("bytes written per 1,000 tags changed")
        .isLessThan(4L * 1024 * 1024);
  }

  /**
   * The repository's tags journaled as if set one by one by operations long ended (nothing of
   * them remembered), the entity not running.
   */
  private static void fill() throws Exception {
    List<Object> events = new ArrayList<>(TAGS);
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < TAGS; i++) {
      events.add(new RepositoryEvent.ReferenceSet(References.parseNormalizedNamed("huge:" + i),
          FIRST, Optional.empty(), null, at, false));
    }
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(RepositoryEntity.ENTITY_TYPE_KEY.name(), NAME), RepositoryEntity.TAG,
        events);
  }

  private static int references() {
    return NODE.driver().repository(NAME).references().size();
  }

  /** Bytes this process has written so far ({@code wchar}: every write, cached or not). */
  private static long written() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/io")).stream()
        .filter(line -> line.startsWith("wchar:"))
        .mapToLong(line -> Long.parseLong(line.substring(6).trim())).findFirst().orElseThrow();
  }

  private static long snapshotBytes() throws IOException {
    Path snapshots = NODE.dataDir().resolve("snapshots");
    try (Stream<Path> files = Files.list(snapshots)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static ImageId image(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }
}
