package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestConfigs;
import io.imagesaga.testkit.TestArchives.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links in a loaded archive (older {@code docker save} writes a layer shared by two images once
 * and links the second name to it): each is resolved to the file it names, never copied, and one
 * that leaves the archive, names nothing or loops is refused when it is read.
 */
class ArchiveLinksTest {
  private static final int BIG = 1 << 20;
  private static final byte[] CONTENT = new byte[BIG];

  static {
    new Random(17).nextBytes(CONTENT);
  }

  @TempDir Path dir;

  /** 1 MiB and 100 links to it: about 1 MiB on disk, every name reading the file's bytes. */
  @Test
  void links_to_one_file_take_no_room_of_their_own() throws Exception {
    List<Entry> entries = new ArrayList<>(List.of(Entry.file("big/layer.tar", CONTENT)));
    for (int i = 0; i < 100; i++) {
      entries.add(i % 2 == 0 ? Entry.symlink("l" + i + "/layer.tar", "../big/layer.tar")
          : Entry.hardlink("l" + i + "/layer.tar", "big/layer.tar"));
    }
    ImageArchive archive = unpack(entries);

    assertThat(bytesUnder(dir)).as("bytes written by the unpack").isBetween((long) BIG,
        BIG + 64 * 1024L);
    assertThat(Files.readAllBytes(archive.file("l7/layer.tar"))).isEqualTo(CONTENT);
    assertThat(Files.readAllBytes(archive.file("l42/layer.tar"))).isEqualTo(CONTENT);
  }

  /** A link to a link, and a link that comes before what it names, resolve as well. */
  @Test
  void chains_and_links_ahead_of_their_target_resolve() throws Exception {
    ImageArchive archive = unpack(List.of(
        Entry.symlink("a/layer.tar", "../b/layer.tar"),
        Entry.symlink("b/layer.tar", "../c/layer.tar"),
        Entry.hardlink("d/layer.tar", "a/layer.tar"),
        Entry.file("c/layer.tar", "content")));
    assertThat(Files.readString(archive.file("a/layer.tar"))).isEqualTo("content");
    assertThat(Files.readString(archive.file("d/layer.tar"))).isEqualTo("content");
  }

  @Test
  void a_link_loop_is_refused_when_it_is_read() throws Exception {
    ImageArchive archive = unpack(List.of(
        Entry.symlink("a/layer.tar", "../b/layer.tar"),
        Entry.symlink("b/layer.tar", "../a/layer.tar"),
        Entry.symlink("self", "self")));
    for (String name : List.of("a/layer.tar", "self")) {
      assertThatThrownBy(() -> archive.file(name)).isInstanceOf(RejectedException.class)
          .hasMessageStartingWith("invalid archive: too many links resolving " + name);
    }
  }

  @Test
  void a_link_that_leaves_the_archive_is_refused() {
    for (Entry link : List.of(Entry.symlink("x/layer.tar", "../../etc/hostname"),
        Entry.symlink("x/layer.tar", "/etc/hostname"),
        Entry.hardlink("x/layer.tar", "../../etc/hostname"))) {
      assertThatThrownBy(() -> unpack(List.of(link))).as(link.linkName())
          .isInstanceOf(RejectedException.class)
          .hasMessage("invalid archive: link x/layer.tar points outside the archive ("
              + link.linkName() + ")");
    }
  }

  @Test
  void a_link_to_nothing_is_refused_as_a_missing_file() throws Exception {
    ImageArchive archive = unpack(List.of(Entry.symlink("x/layer.tar", "../y/layer.tar")));
    assertThatThrownBy(() -> archive.file("x/layer.tar")).isInstanceOf(RejectedException.class)
        .hasMessage("invalid archive: missing x/layer.tar");
  }

  private ImageArchive unpack(List<Entry> entries) throws IOException {
    Path target = Files.createTempDirectory(dir, "unpacked");
    return ImageArchive.unpack(new ByteArrayInputStream(TestArchives.tar(entries)), target,
        TestConfigs.loadLimits(), ByteBudget.unlimited());
  }

  /** The bytes of the regular files under {@code root}, links not followed. */
  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
