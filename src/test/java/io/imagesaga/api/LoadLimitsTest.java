package io.imagesaga.api;

import static io.imagesaga.api.LoadProbe.loaded;
import static io.imagesaga.api.LoadProbe.streamError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.Bombs;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each limit of {@code imagesaga.limits.load}, set low: an archive past it is refused with its
 * error as the load stream's last message, and the node is left exactly as it was (no image, no
 * tag, no blob, no journal event, nothing staged).
 */
class LoadLimitsTest {
  private static final String LIMITS = "imagesaga.limits.load.";
  private static final long BUDGET = 16 << 20;

  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      LIMITS + "max-entries", 64,
      LIMITS + "max-header-bytes", 16384,
      LIMITS + "max-uncompressed-bytes", "16MiB",
      LIMITS + "max-manifest-bytes", 4096,
      LIMITS + "max-config-bytes", 4096,
      LIMITS + "max-images", 8,
      LIMITS + "max-layers", 16,
      LIMITS + "max-total-layers", 32));
  private static final LoadProbe PROBE = new LoadProbe(NODE);
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void an_archive_within_the_limits_loads() throws Exception {
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    assertThat(loaded(PROBE.load(sample.toByteArray()))).contains("Loaded image: sample/app:2");
  }

  @Test
  void too_many_entries() throws Exception {
    List<Entry> entries = new ArrayList<>(TestArchives.image("lim-entries").entries("lim/e:1"));
    for (int i = 0; i < 70; i++) {
      entries.add(0, Entry.file("pad/" + i, "x"));
    }
    assertRefused(TestArchives.tar(entries),
        "invalid archive: more than 64 entries (imagesaga.limits.load.max-entries)");
  }

  /** A name in a PAX record is read whole into memory: its header is what is bounded. */
  @Test
  void an_entry_header_too_large() throws Exception {
    assertRefused(TestArchives.tar(TestArchives.with(
        TestArchives.image("lim-header").entries("lim/h:1"),
        Entry.file("n".repeat(20_000), "x"))),
        "invalid archive: an entry header of more than 16384 bytes"
            + " (imagesaga.limits.load.max-header-bytes)");
  }

  /** A sparse entry: a few KiB of archive, 64 MiB of zeros the tar reader makes up. */
  @Test
  void a_sparse_entry() throws Exception {
    List<Entry> entries = new ArrayList<>(Bombs.sparse("hole", 64 << 20, Bombs.Sparse.PAX_0_1));
    entries.addAll(TestArchives.image("lim-sparse").entries("lim/s:1"));
    assertRefused(TestArchives.tar(entries),
        "invalid archive: hole is a sparse file, which docker save never writes");
  }

  /** 64 MiB of zeros in a gzipped archive of about 64 KiB. */
  @Test
  void an_archive_that_decompresses_past_the_budget() throws Exception {
    byte[] bomb = Bombs.gzippedArchive(TestArchives.image("lim-archive").entries("lim/a:1"),
        "padding", 64 << 20);
    assertThat(bomb.length).isLessThan(512 * 1024);
    assertRefused(bomb, bytesRefusal());
  }

  /** A valid layer (its diff ID matches) of 64 MiB of zeros, gzipped to about 64 KiB. */
  @Test
  void a_layer_that_decompresses_past_the_budget() throws Exception {
    Bombs.Layer bomb = Bombs.zeros("zeros.bin", 64 << 20);
    assertRefused(archive(config("lim-bomb", List.of(bomb.diffId()), ""), "lim/bomb:1",
        bomb.gzipped(), 1), bytesRefusal());
  }

  /** The budget counts what is decompressed: a layer within it loads, gzipped or not. */
  @Test
  void a_compressed_layer_within_the_budget_loads() throws Exception {
    Bombs.Layer layer = Bombs.zeros("zeros.bin", 4 << 20);
    assertThat(loaded(PROBE.load(archive(config("lim-fits", List.of(layer.diffId()), ""),
        "lim/fits:1", layer.gzipped(), 1)))).containsExactly("Loaded image: lim/fits:1");
  }

  /**
   * Every image is checked before any is stored: a later one past the budget, or whose layer
   * does not match its config, leaves the earlier ones unstored too.
   */
  @Test
  void a_refused_later_image_stores_none_of_the_earlier() throws Exception {
    Image first = TestArchives.image("lim-first");
    Bombs.Layer bomb = Bombs.zeros("zeros.bin", 64 << 20);
    byte[] bombConfig = config("lim-second", List.of(bomb.diffId()), "");
    String bombPath = "blobs/sha256/" + ImageId.fromConfig(bombConfig).hex();
    Image liar = TestArchives.image("lim-liar");
    ArrayNode manifest = JSON.createArrayNode();
    item(manifest, first.configPath(), first.layerPath(), "lim/first:1");
    item(manifest, bombPath, "bomb.tar.gz", "lim/second:1");
    List<Entry> entries = new ArrayList<>(List.of(Entry.file(first.configPath(), first.config()),
        Entry.file(first.layerPath(), first.layer()), Entry.file(bombPath, bombConfig),
        Entry.file("bomb.tar.gz", bomb.gzipped())));
    assertRefused(TestArchives.tar(TestArchives.with(entries,
        Entry.file("manifest.json", manifest.toString()))), bytesRefusal());

    manifest.remove(1);
    item(manifest, liar.configPath(), first.layerPath(), "lim/liar:1");
    assertRefused(TestArchives.tar(TestArchives.with(entries,
        Entry.file(liar.configPath(), liar.config()),
        Entry.file("manifest.json", manifest.toString()))), "invalid diffID for layer 0:"
        + " expected \"" + liar.diffId() + "\", got \"" + first.diffId() + "\"");
  }

  /**
   * A layer three images share, as a save of a base and its children has it, is decompressed
   * once (three times 6 MiB would pass the 16 MiB budget) and stored once.
   */
  @Test
  void a_layer_several_images_share_is_decompressed_once() throws Exception {
    Bombs.Layer layer = Bombs.zeros("zeros.bin", 6 << 20);
    ArrayNode manifest = JSON.createArrayNode();
    List<Entry> entries = new ArrayList<>(List.of(Entry.file("base.tar.gz", layer.gzipped())));
    for (int i = 0; i < 3; i++) {
      byte[] config = config("lim-shared-" + i, List.of(layer.diffId()), "");
      String path = "blobs/sha256/" + ImageId.fromConfig(config).hex();
      entries.add(Entry.file(path, config));
      item(manifest, path, "base.tar.gz", "lim/shared:" + i);
    }
    entries.add(Entry.file("manifest.json", manifest.toString()));
    long before = PROBE.layerBytes();
    assertThat(loaded(PROBE.load(TestArchives.tar(entries)))).containsExactly(
        "Loaded image: lim/shared:0", "Loaded image: lim/shared:1", "Loaded image: lim/shared:2");
    assertThat(PROBE.layerBytes() - before).isEqualTo(layer.size());
  }

  @Test
  void a_manifest_too_large() throws Exception {
    Image image = TestArchives.image("lim-manifest");
    String manifest = TestArchives.manifest(image.configPath(), List.of(image.layerPath()),
        Optional.empty(), "lim/m:1") + " ".repeat(5000);
    assertRefused(TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()), Entry.file("manifest.json", manifest))),
        "invalid archive: manifest.json is larger than 4096 bytes"
            + " (imagesaga.limits.load.max-manifest-bytes)");
  }

  @Test
  void a_config_too_large() throws Exception {
    byte[] layer = TestArchives.layer("c.txt", "c\n");
    byte[] config = config("lim-config", List.of(Digest.sha256(layer)), "p".repeat(5000));
    assertRefused(archive(config, "lim/c:1", layer, 1), "invalid archive: config blobs/sha256/"
        + ImageId.fromConfig(config).hex() + " is larger than 4096 bytes"
        + " (imagesaga.limits.load.max-config-bytes)");
  }

  @Test
  void too_many_images() throws Exception {
    Image image = TestArchives.image("lim-images");
    ArrayNode manifest = JSON.createArrayNode();
    for (int i = 0; i < 9; i++) {
      item(manifest, image.configPath(), image.layerPath(), "lim/images:" + i);
    }
    assertRefused(TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", manifest.toString()))),
        "invalid archive: more than 8 images (imagesaga.limits.load.max-images)");
  }

  /** One small layer named 17 times: each is a layer of its own in the image's chain. */
  @Test
  void too_many_layers() throws Exception {
    byte[] layer = TestArchives.layer("l.txt", "l\n");
    byte[] config = config("lim-layers", Collections.nCopies(17, Digest.sha256(layer)), "");
    assertRefused(archive(config, "lim/l:1", layer, 17),
        "invalid image: more than 16 layers (imagesaga.limits.load.max-layers)");
  }

  /** One config of 16 layers named by three items: 48 uses of a layer. */
  @Test
  void too_many_layers_in_all() throws Exception {
    byte[] layer = TestArchives.layer("t.txt", "t\n");
    byte[] config = config("lim-total", Collections.nCopies(16, Digest.sha256(layer)), "");
    String configPath = "blobs/sha256/" + ImageId.fromConfig(config).hex();
    String layerPath = "t.tar";
    ArrayNode manifest = JSON.createArrayNode();
    for (int i = 0; i < 3; i++) {
      TestArchives.addItem(manifest, configPath, Collections.nCopies(16, layerPath),
          Optional.empty(), "lim/total:" + i);
    }
    assertRefused(TestArchives.tar(List.of(Entry.file(configPath, config),
        Entry.file(layerPath, layer), Entry.file("manifest.json", manifest.toString()))),
        "invalid archive: more than 32 layers in all (imagesaga.limits.load.max-total-layers)");
  }

  private static void item(ArrayNode manifest, String config, String layer, String tag) {
    ObjectNode item = manifest.addObject().put("Config", config);
    item.putArray("RepoTags").add(tag);
    item.putArray("Layers").add(layer);
  }

  private static void assertRefused(byte[] archive, String error) throws Exception {
    LoadProbe.State before = PROBE.state();
    assertThat(streamError(PROBE.load(archive))).isEqualTo(error);
    assertThat(PROBE.state()).isEqualTo(before);
  }

  private static String bytesRefusal() {
    return "invalid archive: more than " + BUDGET + " bytes uncompressed"
        + " (imagesaga.limits.load.max-uncompressed-bytes)";
  }

  /** A config with its layers' diff IDs and a {@code pad} label to make it as large as needed. */
  private static byte[] config(String seed, List<Digest> diffIds, String pad) throws Exception {
    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config").putObject("Labels").put("seed", seed).put("pad", pad);
    ArrayNode ids = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    diffIds.forEach(d -> ids.add(d.toString()));
    return JSON.writeValueAsString(config).getBytes(StandardCharsets.UTF_8);
  }

  /** One image whose {@code layers} layers are all {@code layer}, stored once. */
  private static byte[] archive(byte[] config, String tag, byte[] layer, int layers) {
    String configPath = "blobs/sha256/" + ImageId.fromConfig(config).hex();
    String layerPath = "blobs/sha256/" + Digest.sha256(layer).encoded();
    return TestArchives.tar(List.of(Entry.file(configPath, config),
        Entry.file(layerPath, layer), Entry.file("manifest.json", TestArchives.manifest(
            configPath, Collections.nCopies(layers, layerPath), Optional.empty(), tag))));
  }
}
