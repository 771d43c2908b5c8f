package io.imagesaga.api;

import static io.imagesaga.api.LoadProbe.loaded;
import static io.imagesaga.api.LoadProbe.streamError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load checks every image of its archive, with every rule its registration applies (tags,
 * config, parent links), before it registers the first: a refusal stores nothing, whichever
 * image it is for. An image the manifest names many times is registered once, with all its
 * tags, and a parent is registered before its children wherever the manifest lists it.
 */
class LoadAllOrNothingTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of());
  private static final LoadProbe PROBE = new LoadProbe(NODE);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A valid first image, then one its registration refuses: by a tag or by its config. */
  @Test
  void an_image_refused_by_a_registration_rule_stores_none_of_the_earlier() throws Exception {
    Image first = TestArchives.image("all-first");
    assertRefused(pair(first, config("all-digest", first), "all/b:1@sha256:" + "0".repeat(64)),
        "refusing to create a tag with a digest reference");
    assertRefused(pair(first, config("all-algorithm", first), "sha256:latest"),
        "refusing to create an ambiguous tag using digest algorithm as name");
    byte[] yesterday = new String(config("all-created", first), StandardCharsets.UTF_8)
        .replace("2026-01-01T00:00:00Z", "yesterday").getBytes(StandardCharsets.UTF_8);
    assertRefused(pair(first, yesterday, "all/created:1"),
        "invalid image config: bad created time yesterday");
  }

  @Test
  void an_image_whose_parent_is_not_a_prefix_stores_none_of_the_earlier() throws Exception {
    Image parent = TestArchives.image("all-parent");
    Image child = TestArchives.image("all-not-child");
    ArrayNode manifest = JSON.createArrayNode();
    add(manifest, parent, Optional.empty(), "all/parent:1");
    add(manifest, child, Optional.of(parent.id()), "all/not-child:1");
    assertRefused(archive(manifest, parent, child), "invalid parent " + parent.id()
        + ": its layers are not a prefix of the image's");
  }

  /** dockerd links parents once every image is loaded: the order of the manifest is free. */
  @Test
  void a_parent_listed_after_its_child_is_registered_first() throws Exception {
    Image base = TestArchives.image("all-base");
    Image top = TestArchives.image("all-top");
    Image child = layered("all-child", base, top);
    ArrayNode manifest = JSON.createArrayNode();
    add(manifest, child, Optional.of(base.id()), "all/child:1");
    add(manifest, base, Optional.empty(), "all/base:1");
    assertThat(loaded(PROBE.load(archive(manifest, child, base, top))))
        .containsExactly("Loaded image: all/base:1", "Loaded image: all/child:1");
    assertThat(PROBE.inspect("all/child:1").path("Parent").asText())
        .isEqualTo(base.id().toString());
  }

  @Test
  void parent_links_that_loop_are_refused() throws Exception {
    Image a = TestArchives.image("all-loop-a");
    Image b = layered("all-loop-b", a);
    ArrayNode manifest = JSON.createArrayNode();
    add(manifest, a, Optional.of(b.id()), "all/loop:a");
    add(manifest, b, Optional.of(a.id()), "all/loop:b");
    assertRefused(archive(manifest, a, b), "invalid archive: the Parent links of manifest.json"
        + " loop through " + a.id());
    ArrayNode self = JSON.createArrayNode();
    add(self, a, Optional.of(a.id()), "all/loop:self");
    assertRefused(archive(self, a), "invalid archive: the Parent links of manifest.json"
        + " loop through " + a.id());
  }

  /** 50 items of one config: the journal records what one item would. */
  @Test
  void an_image_named_many_times_is_registered_once() throws Exception {
    long before = PROBE.state().journalEvents();
    Image once = TestArchives.image("all-once");
    assertThat(loaded(PROBE.load(TestArchives.tar(once.entries("all/once:1")))))
        .containsExactly("Loaded image: all/once:1");
    long single = PROBE.state().journalEvents() - before;

    Image many = TestArchives.image("all-many");
    ArrayNode manifest = JSON.createArrayNode();
    for (int i = 0; i < 50; i++) {
      add(manifest, many, Optional.empty(), "all/many:1");
    }
    before = PROBE.state().journalEvents();
    List<String> lines = loaded(PROBE.load(archive(manifest, many)));
    assertThat(PROBE.state().journalEvents() - before).isEqualTo(single);
    assertThat(lines).containsExactly("Loaded image: all/many:1");
  }

  /** As dockerd leaves it: a tag two images are given names the one the manifest names last. */
  @Test
  void a_tag_given_twice_names_the_image_named_last() throws Exception {
    Image a = TestArchives.image("all-last-a");
    Image b = TestArchives.image("all-last-b");
    ArrayNode manifest = JSON.createArrayNode();
    add(manifest, a, Optional.empty(), "all/last:1");
    add(manifest, b, Optional.empty(), "all/last:1", "all/last:b");
    add(manifest, a, Optional.empty(), "all/last:1");
    loaded(PROBE.load(archive(manifest, a, b)));
    assertThat(PROBE.inspect("all/last:1").path("Id").asText()).isEqualTo(a.id().toString());
    assertThat(PROBE.inspect("all/last:b").path("Id").asText()).isEqualTo(b.id().toString());
  }

  /** {@code first} tagged {@code all/first:1}, then {@code config} (on first's layer). */
  private static byte[] pair(Image first, byte[] config, String tag) throws Exception {
    String path = "blobs/sha256/" + ImageId.fromConfig(config).hex();
    ArrayNode manifest = JSON.createArrayNode();
    add(manifest, first, Optional.empty(), "all/first:1");
    TestArchives.addItem(manifest, path, List.of(first.layerPath()), Optional.empty(), tag);
    return TestArchives.tar(List.of(Entry.file(first.configPath(), first.config()),
        Entry.file(first.layerPath(), first.layer()), Entry.file(path, config),
        Entry.file("manifest.json", manifest.toString())));
  }

  private static byte[] config(String seed, Image on) {
    return NodeDriver.config(seed, List.of(on.diffId()));
  }

  /**
   * An image whose layers are those of {@code images}, bottom first; its own {@code layer} is
   * the top one's, which the archive holds under the top image's name.
   */
  private static Image layered(String seed, Image... images) {
    List<Digest> diffIds = List.of(images).stream().map(Image::diffId).toList();
    byte[] config = NodeDriver.config(seed, diffIds);
    Image top = images[images.length - 1];
    return new Image(top.layer(), top.diffId(), config, ImageId.fromConfig(config));
  }

  /** An item naming {@code image}'s config and the layers of its config, by their digests. */
  private static void add(ArrayNode manifest, Image image, Optional<ImageId> parent,
      String... tags) throws Exception {
    List<String> layers = new ArrayList<>();
    JSON.readTree(image.config()).path("rootfs").path("diff_ids").forEach(d -> layers.add(
        "blobs/sha256/" + Digest.fromJson(d.asText()).encoded()));
    TestArchives.addItem(manifest, image.configPath(), layers, parent.map(ImageId::toString),
        tags);
  }

  /** The configs and layers of {@code images}, then {@code manifest}. */
  private static byte[] archive(ArrayNode manifest, Image... images) {
    List<Entry> entries = new ArrayList<>();
    for (Image image : images) {
      entries.add(Entry.file(image.configPath(), image.config()));
      entries.add(Entry.file(image.layerPath(), image.layer()));
    }
    entries.add(Entry.file("manifest.json", manifest.toString()));
    return TestArchives.tar(entries);
  }

  private static void assertRefused(byte[] archive, String error) throws Exception {
    LoadProbe.State before = PROBE.state();
    assertThat(streamError(PROBE.load(archive))).isEqualTo(error);
    assertThat(PROBE.state()).isEqualTo(before);
  }
}
