package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code docker load} of archives that are no tar, are cut short or try to write outside: an
 * error in the stream (or dockerd's chroot behaviour), nothing stored or written outside.
 */
class MalformedLoadTest extends MalformedInputSupport {

  // ---- docker load ------------------------------------------------------------------------

  /** Go's archive/tar: data cut short inside an entry is io.ErrUnexpectedEOF. */
  @Test
  void a_truncated_archive_fails_in_the_stream_and_stores_nothing() throws Exception {
    Image image = TestArchives.image("mal-truncated");
    byte[] tar = TestArchives.tar(List.of(Entry.file(image.layerPath(), image.layer()),
        Entry.file(image.configPath(), image.config())));
    byte[] truncated = Arrays.copyOf(tar, 512 + image.layer().length / 2);
    State before = State.now();
    assertThat(streamError(load(truncated))).isEqualTo("unexpected EOF");
    assertThat(State.now()).isEqualTo(before);
  }

  /** Go's archive/tar: a 512-byte block that is no header is ErrHeader. */
  @Test
  void a_body_that_is_not_a_tar_fails_in_the_stream() throws Exception {
    byte[] text = "this is not a tar archive\n".repeat(40).getBytes(StandardCharsets.UTF_8);
    State before = State.now();
    assertThat(streamError(load(text))).isEqualTo("archive/tar: invalid tar header");
    // An empty body unpacks to nothing; dockerd then fails to open manifest.json (its text
    // names its temporary directory: "open /var/lib/docker/tmp/docker-import-…/manifest.json:
    // no such file or directory").
    assertThat(streamError(load(new byte[0]))).isNotBlank();
    assertThat(State.now()).isEqualTo(before);
  }

  /**
   * dockerd unpacks into a chroot (moby chrootarchive.Untar, go-archive Unpack with dest "/"):
   * {@code ../} and absolute names land inside the temporary directory, never outside it, and
   * an archive that is otherwise a good save still loads.
   */
  @Test
  void traversal_and_absolute_entries_never_leave_the_archive_and_the_image_loads()
      throws Exception {
    String escape = "imagesaga-escape-" + UUID.randomUUID();
    Image image = TestArchives.image("mal-traversal");
    byte[] tar = TestArchives.tar(TestArchives.with(image.entries("hostile/traversal:1"),
        Entry.file("../../" + escape, "escaped\n"),
        Entry.file("../../../../../../../../tmp/" + escape + "-deep", "escaped\n"),
        Entry.file("/tmp/" + escape + "-absolute", "escaped\n")));
    var answer = load(tar);
    assertNothingEscaped(escape);
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/traversal:1\\n\"}"));
    assertThat(imageId("hostile/traversal:1")).isEqualTo(image.id().toString());
  }

  @Test
  void an_archive_of_nothing_but_escaping_entries_fails_and_writes_nothing() throws Exception {
    String escape = "imagesaga-escape-" + UUID.randomUUID();
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file("../../" + escape, "escaped\n"),
        Entry.file("/tmp/" + escape + "-absolute", "escaped\n"),
        Entry.symlink("manifest.json", "../../../../../../../../etc/hostname")))));
    assertThat(error).isNotBlank();
    assertNothingEscaped(escape);
    assertThat(State.now()).isEqualTo(before);
  }

  /**
   * Links are created inside the chroot and followed in scope (moby load.go safePath =
   * symlink.FollowSymlinkInScope): a config or layer that links out of the archive names a file
   * that is not there, never the host's.
   */
  @Test
  void links_out_of_the_archive_are_never_followed() throws Exception {
    Image image = TestArchives.image("mal-symlink");
    SoftAssertions softly = new SoftAssertions();
    State before = State.now();
    for (String target : List.of("../../../../../../../../etc/hostname", "/etc/hostname")) {
      byte[] configLink = TestArchives.tar(List.of(
          Entry.symlink(image.configPath(), target),
          Entry.file(image.layerPath(), image.layer()),
          Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
              List.of(image.layerPath()), Optional.empty(), "hostile/symlink:1"))));
      softly.assertThat(streamError(load(configLink))).as("config -> " + target).isNotBlank();
      byte[] layerLink = TestArchives.tar(List.of(
          Entry.file(image.configPath(), image.config()),
          Entry.symlink(image.layerPath(), target),
          Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
              List.of(image.layerPath()), Optional.empty(), "hostile/symlink:1"))));
      softly.assertThat(streamError(load(layerLink))).as("layer -> " + target).isNotBlank();
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /** moby image/tarexport/load.go validateManifest. */
}
