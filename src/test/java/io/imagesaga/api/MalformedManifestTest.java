package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code docker load} of tars whose manifest, configs or layers lie: dockerd's error in the
 * stream and nothing stored.
 */
class MalformedManifestTest extends MalformedInputSupport {

  @Test
  void a_null_manifest_is_refused_with_dockerds_text() throws Exception {
    Image image = TestArchives.image("mal-null");
    State before = State.now();
    assertThat(streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", "null"))))))
        .isEqualTo("invalid manifest, manifest cannot be null (but can be [])");
    assertThat(State.now()).isEqualTo(before);
  }

  @Test
  void a_manifest_that_is_not_a_list_fails_and_an_empty_one_loads_nothing() throws Exception {
    Image image = TestArchives.image("mal-notjson");
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    for (String manifest : List.of("not json", "{\"Config\":\"x\"}", "[", "\"manifest\"")) {
      softly.assertThat(streamError(load(TestArchives.tar(List.of(
          Entry.file(image.configPath(), image.config()),
          Entry.file(image.layerPath(), image.layer()),
          Entry.file("manifest.json", manifest)))))).as(manifest).isNotBlank();
    }
    // "[]" is valid: no image, no message, no error (moby load.go: nothing to write).
    var empty = load(TestArchives.tar(List.of(Entry.file("manifest.json", "[]"))));
    softly.assertThat(empty.statusCode()).isEqualTo(200);
    softly.assertThat(messages(empty)).isEmpty();
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void a_manifest_naming_missing_files_fails_and_stores_nothing() throws Exception {
    Image image = TestArchives.image("mal-missing");
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    byte[] noConfig = TestArchives.tar(List.of(Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(noConfig))).as("config").isNotBlank();
    byte[] noLayer = TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of("blobs/sha256/" + "b".repeat(64)), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(noLayer))).as("layer").isNotBlank();
    byte[] escapingPaths = TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest("../../../../etc/hostname",
            List.of("/etc/hostname"), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(escapingPaths))).as("paths out").isNotBlank();
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /** moby load.go: the config's path is only where to read it; its ID is its sha256. */
  @Test
  void a_config_stored_under_another_digest_loads_under_its_own() throws Exception {
    Image image = TestArchives.image("mal-spoof");
    String spoofed = "blobs/sha256/" + "c".repeat(64);
    var answer = load(TestArchives.tar(List.of(Entry.file(spoofed, image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(spoofed, List.of(image.layerPath()),
            Optional.empty(), "hostile/spoof:1")))));
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/spoof:1\\n\"}"));
    assertThat(imageId("hostile/spoof:1")).isEqualTo(image.id().toString());
    expectError(null, send("GET", "/v1.47/images/sha256:" + "c".repeat(64) + "/json"), 404,
        "No such image: sha256:" + "c".repeat(64));
  }

  /** moby load.go: "invalid diffID for layer %d: expected %q, got %q"; the layer is released. */
  @Test
  void a_layer_that_does_not_match_its_diff_id_fails_and_leaves_no_blob() throws Exception {
    Image image = TestArchives.image("mal-diffid");
    byte[] other = TestArchives.layer("other.txt", "not the layer the config names\n");
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), other),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.empty(), "hostile/diffid:1"))))));
    assertThat(error).isEqualTo("invalid diffID for layer 0: expected \"" + image.diffId()
        + "\", got \"" + Digest.sha256(other) + "\"");
    assertThat(State.now()).isEqualTo(before);
  }

  /** moby load.go: expected = len(m.Layers), got = len(img.RootFS.DiffIDs). */
  @Test
  void a_manifest_with_more_layers_than_the_config_fails_with_dockerds_counts()
      throws Exception {
    Image image = TestArchives.image("mal-count");
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath(), image.layerPath()), Optional.empty(),
            "hostile/count:1"))))));
    assertThat(error).isEqualTo("invalid manifest, layers length mismatch: expected 2, got 1");
    assertThat(State.now()).isEqualTo(before);
  }

  /** moby image/image.go NewFromJSON and load.go's image.CheckOS. */
  @Test
  void a_config_without_rootfs_or_for_another_os_is_refused() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    String noRootfs = "{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"created\":\"2026-01-01T00:00:00Z\",\"config\":{}}";
    softly.assertThat(streamError(loadConfig(noRootfs, "hostile/norootfs:1")))
        .isEqualTo("invalid image JSON, no RootFS key");
    String windows = "{\"architecture\":\"amd64\",\"os\":\"windows\","
        + "\"created\":\"2026-01-01T00:00:00Z\",\"config\":{},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    softly.assertThat(streamError(loadConfig(windows, "hostile/windows:1")))
        .isEqualTo("cannot load windows image on linux");
    softly.assertThat(streamError(loadConfig("{\"os\":", "hostile/truncated:1")))
        .isNotBlank();
    // Three zero bytes first make the JSON parser read UTF-32, then fail on a character past
    // U+10FFFF: still the archive's fault (the fuzz found it an internal error).
    softly.assertThat(streamError(loadConfig("\0\0\0{\"os\":\"linux\"}", "hostile/utf32:1")))
        .startsWith("invalid archive: ");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby load.go parses each RepoTag after {@code is.Create}: a tag that is no name:tag fails
   * the load ({@code invalid tag "x"}, or the parser's error) and is never recorded. (dockerd
   * keeps the image it had already created, untagged, so the image list is not compared.)
   */
  @Test
  void repo_tags_that_are_not_name_and_tag_fail_the_load_and_are_not_recorded()
      throws Exception {
    SoftAssertions softly = new SoftAssertions();
    Image bare = TestArchives.image("mal-tag-bare");
    softly.assertThat(streamError(load(TestArchives.tar(bare.entries("hostile/bare")))))
        .isEqualTo("invalid tag \"hostile/bare\"");
    expectError(softly, send("GET", "/v1.47/images/hostile/bare/json"), 404,
        "No such image: hostile/bare:latest");
    Image upper = TestArchives.image("mal-tag-upper");
    softly.assertThat(streamError(load(TestArchives.tar(upper.entries("Hostile/upper:1")))))
        .isEqualTo(LOWERCASE);
    Image digest = TestArchives.image("mal-tag-digest");
    softly.assertThat(streamError(load(TestArchives.tar(
        digest.entries("hostile/digest@sha256:" + HEX))))).isEqualTo(
        "invalid tag \"hostile/digest@sha256:" + HEX + "\"");
    expectError(softly, send("GET", "/v1.47/images/hostile/digest@sha256:" + HEX + "/json"),
        404, "No such image: hostile/digest@sha256:" + HEX);
    softly.assertAll();
  }

  /**
   * moby load.go validatedParentLinks keeps a Parent only when that parent is loaded by the
   * same archive; any other value is dropped and the image loads without a parent.
   */
  @Test
  void a_parent_that_is_not_in_the_archive_is_ignored() throws Exception {
    Image image = TestArchives.image("mal-orphan");
    long blobs = NODE.layerBlobs();
    var answer = load(TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.of("sha256:" + "d".repeat(64)),
            "hostile/orphan:1")))));
    // Whatever the outcome, a layer blob is stored only for a layer that was loaded.
    boolean loaded = answer.body().contains("Loaded image: hostile/orphan:1");
    assertThat(NODE.layerBlobs()).as(answer.body()).isEqualTo(loaded ? blobs + 1 : blobs);
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/orphan:1\\n\"}"));
    JsonNode inspect = JSON.readTree(send("GET", "/v1.47/images/hostile/orphan:1/json").body());
    assertThat(inspect.path("Parent").asText()).isEmpty();
  }
}
