package io.imagesaga.api;

import static io.imagesaga.api.LoadProbe.loaded;
import static io.imagesaga.api.LoadProbe.streamError;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.Bombs;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links, hostile names and truncation in a loaded archive: a link costs no copy of what it
 * names, one that loops, chains too deep or leaves the archive is refused, and no name or cut
 * makes the node fail (an error in the stream, never an internal one; nothing stored).
 */
class LoadLinksTest {
  private static final String LIMITS = "imagesaga.limits.load.";

  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      LIMITS + "max-entries", 1000,
      LIMITS + "max-uncompressed-bytes", "16MiB",
      LIMITS + "max-link-depth", 4,
      LIMITS + "max-total-name-bytes", 16384));
  private static final LoadProbe PROBE = new LoadProbe(NODE);

  /**
   * 1 MiB and 200 links to it (as copies: 200 MiB, far past the 16 MiB budget): the load
   * stores the layer once and the links cost nothing.
   */
  @Test
  void a_fan_out_of_links_stores_one_copy() throws Exception {
    StringBuilder text = new StringBuilder();
    Random random = new Random(17);
    while (text.length() < 1 << 20) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    Image image = image("links-fan", TestArchives.layer("big.txt", text.toString()));
    List<Entry> entries = new ArrayList<>(List.of(Entry.file("big/layer.tar", image.layer())));
    for (int i = 0; i < 200; i++) {
      entries.add(i % 2 == 0 ? Entry.symlink("l" + i + "/layer.tar", "../big/layer.tar")
          : Entry.hardlink("l" + i + "/layer.tar", "big/layer.tar"));
    }
    long before = PROBE.layerBytes();
    assertThat(loaded(PROBE.load(archive(image, entries, "l199/layer.tar", "links/fan:1"))))
        .containsExactly("Loaded image: links/fan:1");
    assertThat(PROBE.layerBytes() - before).isEqualTo(image.layer().length);
  }

  /** Four links from the manifest's name to the file: as deep as the limit lets a chain go. */
  @Test
  void a_chain_as_deep_as_the_limit_loads_and_one_deeper_is_refused() throws Exception {
    Image image = TestArchives.image("links-chain");
    List<Entry> chain = List.of(Entry.file("f/layer.tar", image.layer()),
        Entry.symlink("a/layer.tar", "../f/layer.tar"), Entry.hardlink("b/layer.tar",
            "a/layer.tar"), Entry.symlink("c/layer.tar", "../b/layer.tar"),
        Entry.symlink("d/layer.tar", "../c/layer.tar"),
        Entry.symlink("e/layer.tar", "../d/layer.tar"));
    assertThat(loaded(PROBE.load(archive(image, chain, "d/layer.tar", "links/chain:1"))))
        .containsExactly("Loaded image: links/chain:1");
    assertRefused(archive(image, chain, "e/layer.tar", "links/chain:2"),
        "invalid archive: too many links resolving e/layer.tar"
            + " (imagesaga.limits.load.max-link-depth)");
  }

  @Test
  void a_link_loop_is_refused() throws Exception {
    Image image = TestArchives.image("links-loop");
    assertRefused(archive(image, List.of(Entry.symlink("a/layer.tar", "../b/layer.tar"),
        Entry.symlink("b/layer.tar", "../a/layer.tar")), "a/layer.tar", "links/loop:1"),
        "invalid archive: too many links resolving a/layer.tar"
            + " (imagesaga.limits.load.max-link-depth)");
  }

  /** Refused as soon as it is read, whether the manifest names it or not. */
  @Test
  void a_link_out_of_the_archive_is_refused() throws Exception {
    Image image = TestArchives.image("links-out");
    assertRefused(archive(image, List.of(Entry.file("f/layer.tar", image.layer()),
        Entry.symlink("x", "../../../etc/passwd")), "f/layer.tar", "links/out:1"),
        "invalid archive: link x points outside the archive (../../../etc/passwd)");
  }

  /**
   * Names no unpacking on disk could hold (a file under a file, a file over a directory, a
   * 300-byte name, a 4001-byte path) are not the node's failure: the archive still loads.
   */
  @Test
  void names_a_filesystem_cannot_hold_do_not_fail_the_load() throws Exception {
    Image image = TestArchives.image("links-names");
    List<Entry> hostile = List.of(Entry.file("a", "x"), Entry.file("a/b", "x"),
        Entry.file("c/d", "x"), Entry.file("c", "x"), Entry.file("n".repeat(300), "x"),
        Entry.file("p/".repeat(2000) + "q", "x"));
    List<Entry> entries = new ArrayList<>(hostile);
    entries.addAll(image.entries("links/names:1"));
    assertThat(loaded(PROBE.load(TestArchives.tar(entries))))
        .containsExactly("Loaded image: links/names:1");
  }

  /** Names are held in memory for the whole load: each one's length is bounded, and all. */
  @Test
  void a_name_too_long_and_names_too_long_in_all() throws Exception {
    List<Entry> image = TestArchives.image("links-long").entries("links/long:1");
    assertRefused(TestArchives.tar(TestArchives.with(image, Entry.file("n".repeat(4097), "x"))),
        "invalid archive: name " + "n".repeat(64) + "... is longer than 4096 bytes"
            + " (imagesaga.limits.load.max-name-bytes)");
    List<Entry> names = new ArrayList<>(image);
    for (int i = 0; i < 5; i++) {
      names.add(0, Entry.symlink(i + "n".repeat(4000), "x"));
    }
    assertRefused(TestArchives.tar(names), "invalid archive: names of more than 16384 bytes in"
        + " all (imagesaga.limits.load.max-total-name-bytes)");
  }

  /** Cut anywhere before its last byte of content, plain or gzipped: refused, nothing stored. */
  @Test
  void a_truncated_archive_is_refused_wherever_it_is_cut() throws Exception {
    Image image = TestArchives.image("links-cut");
    byte[] tar = TestArchives.tar(image.entries("links/cut:1"));
    int manifestEnd = contentEnd(tar);
    LoadProbe.State before = PROBE.state();
    SoftAssertions softly = new SoftAssertions();
    for (int cut = 0; cut < manifestEnd; cut += 128) {
      softly.assertThat(streamError(PROBE.load(Arrays.copyOf(tar, cut)))).as("plain at " + cut)
          .isNotBlank();
    }
    byte[] gzipped = Bombs.gzip(tar);
    for (int cut = 1; cut < gzipped.length / 2; cut += 32) {
      softly.assertThat(streamError(PROBE.load(Arrays.copyOf(gzipped, cut))))
          .as("gzipped at " + cut).isNotBlank();
    }
    softly.assertThat(PROBE.state()).isEqualTo(before);
    softly.assertAll();
  }

  /** A gzipped layer cut in half (its diff ID that of the whole): the layer's fault. */
  @Test
  void a_compressed_layer_cut_short_is_refused() throws Exception {
    Bombs.Layer layer = Bombs.zeros("zeros.bin", 1 << 20);
    byte[] config = NodeDriver.config("links-cut-layer", List.of(layer.diffId()));
    String configPath = "blobs/sha256/" + ImageId.fromConfig(config).hex();
    assertRefused(TestArchives.tar(List.of(Entry.file(configPath, config),
        Entry.file("layer.tar.gz", Arrays.copyOf(layer.gzipped(), layer.gzipped().length / 2)),
        Entry.file("manifest.json", TestArchives.manifest(configPath, List.of("layer.tar.gz"),
            Optional.empty(), "links/cut-layer:1")))), "unexpected EOF");
  }

  /** A manifest may name anything JSON can hold; a NUL byte no path can. */
  @Test
  void a_manifest_name_with_a_nul_byte_is_refused() throws Exception {
    Image image = TestArchives.image("links-nul");
    assertRefused(archive(image, List.of(Entry.file("f/layer.tar", image.layer())),
        "f/layer.tar\0", "links/nul:1"),
        "invalid archive: a name holds a NUL byte: f/layer.tar\\x00");
  }

  /** Where the last entry's content ends: zeros follow (padding, end-of-archive blocks). */
  private static int contentEnd(byte[] tar) {
    int end = tar.length;
    while (end > 0 && tar[end - 1] == 0) {
      end--;
    }
    return end;
  }

  private static void assertRefused(byte[] archive, String error) throws Exception {
    LoadProbe.State before = PROBE.state();
    assertThat(streamError(PROBE.load(archive))).isEqualTo(error);
    assertThat(PROBE.state()).isEqualTo(before);
  }

  private static Image image(String seed, byte[] layer) {
    Digest diffId = Digest.sha256(layer);
    byte[] config = NodeDriver.config(seed, List.of(diffId));
    return new Image(layer, diffId, config, ImageId.fromConfig(config));
  }

  /** {@code image}'s config, the {@code layerEntries}, and a manifest naming {@code layer}. */
  private static byte[] archive(Image image, List<Entry> layerEntries, String layer,
      String tag) {
    List<Entry> entries = new ArrayList<>(List.of(Entry.file(image.configPath(),
        image.config())));
    entries.addAll(layerEntries);
    entries.add(Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
        List.of(layer), Optional.empty(), tag)));
    return TestArchives.tar(entries);
  }
}
