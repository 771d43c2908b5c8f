package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagesaga.RejectedException;
import io.imagesaga.testkit.Bombs;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reading a loaded archive's entries may cost beyond its own bytes: nothing written that
 * the archive does not carry (a sparse entry, whose hole the tar reader fills with zeros of its
 * own, is refused), and no name or link target longer than {@code max-name-bytes}, nor more of
 * them in all than {@code max-total-name-bytes}, held in memory for the load; no global PAX
 * header, whose records the tar reader would hold and apply to every entry.
 */
class ArchiveEntriesTest {
  private static final String SETTING = " (imagesaga.limits.load.";
  private static final LoadLimits NAMES = TestConfigs.loadLimits(Map.of(
      "max-name-bytes", 100, "max-total-name-bytes", 1000));

  @TempDir Path dir;

  /** 64 MiB claimed by a few KiB of archive, against a 1 MiB budget, in each PAX form. */
  @Test
  void a_sparse_entry_is_refused_before_its_hole_is_written() throws Exception {
    long budget = 1 << 20;
    for (Bombs.Sparse form : Bombs.Sparse.values()) {
      Path target = Files.createTempDirectory(dir, form.name());
      byte[] tar = TestArchives.tar(Bombs.sparse("big", 64L << 20, form));
      Throwable refusal = catchThrowable(() -> ArchiveEntries.read(new ByteArrayInputStream(
          tar), target, TestConfigs.loadLimits(), new ByteBudget(budget, "over budget")));
      assertThat(bytesUnder(target)).as(form + ": bytes written from " + tar.length)
          .isLessThanOrEqualTo(budget);
      assertThat(refusal).as(form.name()).isInstanceOf(RejectedException.class)
          .hasMessage("invalid archive: big is a sparse file, which docker save never writes");
    }
  }

  /**
   * The tar reader applies a global header's records to every later entry and keeps them all:
   * a few of 1 MiB each, of tiny records, fill the heap. docker save never writes one.
   */
  @Test
  void a_global_pax_header_is_refused() {
    assertThatThrownBy(() -> read(List.of(Entry.globalPax("comment", "x"),
        Entry.file("f", "x")))).isInstanceOf(RejectedException.class)
        .hasMessage("invalid archive: a global PAX header, which docker save never writes");
  }

  /** The limit counts bytes (UTF-8), not characters. */
  @Test
  void a_name_longer_than_the_limit_is_refused() throws Exception {
    assertThat(read(List.of(Entry.file("n".repeat(100), "x")))).hasSize(1);
    assertThatThrownBy(() -> read(List.of(Entry.file("n".repeat(101), "x"))))
        .isInstanceOf(RejectedException.class).hasMessage("invalid archive: name "
            + "n".repeat(64) + "... is longer than 100 bytes" + SETTING + "max-name-bytes)");
    assertThatThrownBy(() -> read(List.of(Entry.file("é".repeat(51), "x"))))
        .isInstanceOf(RejectedException.class).hasMessage("invalid archive: name "
            + "é".repeat(51) + " is longer than 100 bytes" + SETTING + "max-name-bytes)");
  }

  @Test
  void a_link_target_longer_than_the_limit_is_refused() throws Exception {
    String target = "t/".repeat(50) + "x";
    for (Entry link : List.of(Entry.symlink("s", target), Entry.hardlink("h", target))) {
      assertThatThrownBy(() -> read(List.of(link))).as(link.name())
          .isInstanceOf(RejectedException.class)
          .hasMessage("invalid archive: link " + link.name() + " points at a name longer than"
              + " 100 bytes" + SETTING + "max-name-bytes)");
    }
  }

  /**
   * Names and link targets kept for the load count against the total; directories, which are
   * not kept, do not.
   */
  @Test
  void names_past_the_total_are_refused() throws Exception {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(Entry.directory("d/" + "n".repeat(90) + i + "/"));
    }
    for (int i = 0; i < 10; i++) {
      entries.add(Entry.symlink("l" + "n".repeat(48) + i, "f" + "n".repeat(48) + i));
    }
    assertThat(read(entries)).as("10 names and 10 targets of 50 bytes").hasSize(10);
    entries.add(Entry.file("f1", "x"));
    assertThatThrownBy(() -> read(entries)).isInstanceOf(RejectedException.class)
        .hasMessage("invalid archive: names of more than 1000 bytes in all" + SETTING
            + "max-total-name-bytes)");
  }

  private Map<Path, ArchiveEntries.Node> read(List<Entry> entries) throws IOException {
    Path target = Files.createTempDirectory(dir, "entries");
    return ArchiveEntries.read(new ByteArrayInputStream(TestArchives.tar(entries)), target,
        NAMES, ByteBudget.unlimited());
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
