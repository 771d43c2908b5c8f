package io.imagesaga.repository;

import static io.imagesaga.testkit.NodeDriver.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a repository of a hundred thousand tags costs to change and to recover, printed: bytes
 * written per thousand tags changed, as {@code wchar} of {@code /proc/self/io} counts what the
 * node hands to {@code write(2)}: the snapshots (LevelDB appends its log, a few hundred bytes an
 * event whatever the repository's size, through {@code mmap}); and the time to a first answer
 * from the journal alone and after a restart. A tag changed is two events, as an operation
 * makes it: the move, then forgetting it. For an average over a whole snapshot interval (25,600
 * events at this size, 12,800 tags changed):
 * {@code mvn -B test -Dtest=RepositorySnapshotCostTest -Dimagesaga.snapshot-cost.changes=13000}.
 * The bound guards the cadence: at the default thousand changes (2,000 events) no snapshot is
 * due at this size, where a snapshot every 100 events wrote ~100 MB.
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
    assertThat(Path.of("/proc/self/io")).as("Linux's /proc/self/io, which counts the bytes")
        .isReadable();
    fill();
    long coldStart = System.nanoTime();
    assertThat(references()).isEqualTo(TAGS);
    long cold = millisSince(coldStart);

    long before = written();
    for (int i = 0; i < CHANGES; i++) {
      NamedReference tag = References.parseNormalizedNamed("huge:" + i);
      String operation = "change-" + i;
      await(NODE.driver().entities().<RepositoryCommand.Resolution>repository(NAME,
          replyTo -> new RepositoryCommand.SetReference(tag, SECOND, operation, replyTo)));
      await(NODE.driver().entities().<Confirmation>repository(NAME,
          replyTo -> new RepositoryCommand.Forget(operation, replyTo)));
    }
    long perThousand = (written() - before) * 1000 / CHANGES;

    NODE.restart();
    long warmStart = System.nanoTime();
    assertThat(references()).isEqualTo(TAGS);
    long warm = millisSince(warmStart);
    System.out.printf("%d-tag repository, %d tags changed: %d bytes written per 1,000 tags,"
            + " %d bytes of snapshots on disk; first answer from the journal alone %d ms,"
            + " after a restart %d ms%n",
        TAGS, CHANGES, perThousand, size("snapshots"), cold, warm);
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
        events, Duration.ofSeconds(25));
  }

  private static int references() {
    return NODE.driver().repository(NAME).references().size();
  }

  /** Bytes this process has handed to {@code write(2)} so far. */
  private static long written() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/io")).stream()
        .filter(line -> line.startsWith("wchar:"))
        .mapToLong(line -> Long.parseLong(line.substring(6).trim())).findFirst().orElseThrow();
  }

  /** Bytes under {@code <data-dir>/<dir>}. */
  private static long size(String dir) throws IOException {
    try (Stream<Path> files = Files.walk(NODE.dataDir().resolve(dir))) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static ImageId image(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }
}
