package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.Rejection;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Image;
import io.imagesaga.testkit.fuzz.Compression;
import io.imagesaga.testkit.fuzz.TarWriter;
import io.imagesaga.testkit.fuzz.TarWriter.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loads the fuzz (ApiFuzzTest) found answered with an internal error or leaving something
 * behind: each archive here is the archive's fault, so it fails in the stream with a message
 * of its own, and a load that fails stores nothing and journals nothing (no image, no lease
 * taken and given back, no registration of the images before the one that failed).
 */
class LoadRefusalTest extends MalformedInputSupport {

  @Test
  void compressed_archives_cut_or_corrupt_in_their_header_are_refused() throws Exception {
    byte[] tar = TestArchives.tar(TestArchives.image("ref-compressed").entries("ref/c:1"));
    List<byte[]> broken = new ArrayList<>(List.of(
        new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 1, 2, 3},
        new byte[] {0x1f, (byte) 0x8b, 0x08, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
        "BZh91AY&SY".getBytes(StandardCharsets.ISO_8859_1),
        new byte[] {(byte) 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, (byte) 0xff, 0x12}));
    for (Compression.Kind kind : Compression.Kind.values()) {
      byte[] whole = Compression.compress(kind, tar);
      broken.add(Arrays.copyOf(whole, 12));
    }
    for (byte[] archive : broken) {
      refusedAndNothingWritten(archive, Arrays.toString(Arrays.copyOf(archive, 8)));
    }
  }

  @Test
  void a_layer_whose_compressed_stream_is_corrupt_is_refused() throws Exception {
    Image image = TestArchives.image("ref-layer");
    byte[] gzip = Compression.compress(Compression.Kind.GZIP, image.layer());
    for (byte[] layer : List.of(Arrays.copyOf(gzip, 10), Arrays.copyOf(gzip, gzip.length - 9),
        new byte[] {0x42, 0x5a, 0x68, 0x39, 0, 0, 0})) {
      byte[] archive = TestArchives.tar(List.of(
          TestArchives.Entry.file(image.configPath(), image.config()),
          TestArchives.Entry.file(image.layerPath(), layer),
          TestArchives.Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
              List.of(image.layerPath()), java.util.Optional.empty(), "ref/layer:1"))));
      refusedAndNothingWritten(archive, "layer " + Arrays.toString(Arrays.copyOf(layer, 4)));
    }
  }

  /** moby's untar replaces an earlier entry by a later one of another kind (os.RemoveAll). */
  @Test
  void a_later_entry_replaces_an_earlier_one_of_another_kind_as_dockerd() throws Exception {
    List<TarWriter.Entry> entries = new ArrayList<>(valid("ref-replace", "ref/replace:1"));
    entries.add(0, Entry.dir("manifest.json/"));
    entries.add(0, Entry.file("x", "a file"));
    entries.add(Entry.dir("x/"));
    List<JsonNode> loaded = messages(load(TarWriter.tar(entries)));
    assertThat(loaded).extracting(m -> m.path("stream").asText())
        .containsExactly("Loaded image: ref/replace:1\n");
  }

  /** A second image that fails its checks: the first, valid, is not registered either. */
  @Test
  void a_load_whose_second_image_fails_stores_neither() throws Exception {
    Image first = TestArchives.image("ref-first");
    Image second = TestArchives.image("ref-second");
    String manifest = "[" + item(first, "ref/first:1") + "," + item(second, "REF/second:1")
        + "]";
    byte[] archive = TestArchives.tar(List.of(
        TestArchives.Entry.file(first.configPath(), first.config()),
        TestArchives.Entry.file(first.layerPath(), first.layer()),
        TestArchives.Entry.file(second.configPath(), second.config()),
        TestArchives.Entry.file(second.layerPath(), second.layer()),
        TestArchives.Entry.file("manifest.json", manifest)));
    assertThat(refusedAndNothingWritten(archive, "second image's tag"))
        .isEqualTo("invalid reference format: repository name must be lowercase");
  }

  /**
   * What the registration of the second image would refuse (moby's ambiguous tag, a created
   * time that is none, a parent whose layers are not a prefix of its own) is found before the
   * first is stored.
   */
  @Test
  void a_second_image_its_registration_would_refuse_stores_neither() throws Exception {
    Image first = TestArchives.image("ref-then");
    Image second = TestArchives.image("ref-refused");
    byte[] badTime = new String(second.config(), StandardCharsets.UTF_8)
        .replace("2026-01-01T00:00:00Z", "yesterday").getBytes(StandardCharsets.UTF_8);
    String badTimePath = "blobs/sha256/" + io.imagesaga.reference.Digest.sha256(badTime)
        .encoded();
    List<String> secondItems = List.of(item(second, "sha256:1"),
        item(second, "ref/time:1").replace(second.configPath(), badTimePath),
        item(second, "ref/orphan:1").replaceFirst("}$", ",\"Parent\":\"" + first.id() + "\"}"));
    for (String secondItem : secondItems) {
      byte[] archive = TestArchives.tar(List.of(
          TestArchives.Entry.file(first.configPath(), first.config()),
          TestArchives.Entry.file(first.layerPath(), first.layer()),
          TestArchives.Entry.file(second.configPath(), second.config()),
          TestArchives.Entry.file(badTimePath, badTime),
          TestArchives.Entry.file(second.layerPath(), second.layer()),
          TestArchives.Entry.file("manifest.json", "[" + item(first, "ref/then:1") + ","
              + secondItem + "]")));
      refusedAndNothingWritten(archive, secondItem);
    }
  }

  /** The image is there already; the archive's layer is wrong: no lease is taken, even briefly. */
  @Test
  void a_refused_load_of_a_present_image_journals_nothing() throws Exception {
    Image image = TestArchives.image("ref-present");
    assertThat(load(TestArchives.tar(image.entries("ref/present:1"))).body())
        .contains("Loaded image: ref/present:1");
    byte[] archive = TestArchives.tar(List.of(
        TestArchives.Entry.file(image.configPath(), image.config()),
        TestArchives.Entry.file(image.layerPath(), TestArchives.layer("other", "other\n")),
        TestArchives.Entry.file("manifest.json", "[" + item(image, "ref/present:2") + "]")));
    assertThat(refusedAndNothingWritten(archive, "wrong layer"))
        .startsWith("invalid diffID for layer 0");
  }

  /**
   * moby load.go validatedParentLinks keeps a {@code Parent} only if it is another image of the
   * same archive: one that is no image ID at all names none, and is dropped.
   */
  @Test
  void a_parent_that_is_no_image_id_is_dropped_as_dockerd() throws Exception {
    Image image = TestArchives.image("ref-parent-zz");
    String manifest = "[" + item(image, "ref/parent:1").replaceFirst("}$",
        ",\"Parent\":\"zz\"}") + "]";
    List<JsonNode> loaded = messages(load(TarWriter.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()), Entry.file("manifest.json", manifest)))));
    assertThat(loaded).as(loaded.toString()).extracting(m -> m.path("stream").asText())
        .containsExactly("Loaded image: ref/parent:1\n");
    assertThat(JSON.readTree(send("GET", "/v1.47/images/ref/parent:1/json").body())
        .path("Parent").asText()).isEmpty();
  }

  /**
   * A client that closes its side before the body its {@code Content-Length} promised: the
   * body is cut, which is the client's doing, as Go's body reader says (io.ErrUnexpectedEOF);
   * the load answers once the body has ended, so with a 400 rather than a stream.
   */
  @Test
  void a_body_its_client_cuts_short_is_refused() throws Exception {
    byte[] tar = TestArchives.tar(TestArchives.image("ref-cut").entries("ref/cut:1"));
    for (byte[] body : List.of(Arrays.copyOf(Compression.compress(Compression.Kind.BZIP2, tar),
        64), Arrays.copyOf(tar, 1024))) {
      long end = journalEnd();
      State before = State.now();
      try (RawConnection connection = new RawConnection(NODE.port())) {
        connection.send(("POST /v1.47/images/load HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/x-tar\r\nContent-Length: " + (body.length + 4096)
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        connection.send(body);
        connection.endOutput();
        RawConnection.Response answer = connection.read();
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(JSON.readTree(answer.text()).path("message").asText())
            .isEqualTo("unexpected EOF");
      }
      assertThat(State.now()).isEqualTo(before);
      assertThat(writtenAfter(end)).isEmpty();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static List<TarWriter.Entry> valid(String seed, String tag) {
    Image image = TestArchives.image(seed);
    return List.of(Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", "[" + item(image, tag) + "]"));
  }

  private static String item(Image image, String tag) {
    return "{\"Config\":\"" + image.configPath() + "\",\"RepoTags\":[\"" + tag
        + "\"],\"Layers\":[\"" + image.layerPath() + "\"]}";
  }

  /**
   * Loads {@code archive}, which must fail in the stream with a message that is not the
   * internal error's, and leave the image and container lists and the audit log as they were
   * (but for the steps earlier sagas forget, which may land at any time); its message.
   */
  private static String refusedAndNothingWritten(byte[] archive, String what) throws Exception {
    long end = journalEnd();
    State before = State.now();
    String error = streamError(load(archive));
    assertThat(error).as(what).isNotEqualTo(Rejection.INTERNAL);
    assertThat(State.now()).as(what).isEqualTo(before);
    assertThat(writtenAfter(end)).as(what).isEmpty();
    return error;
  }

  private static long journalEnd() throws Exception {
    long end = 0;
    for (String line : send("GET", "/imagesaga/audit/journal").body().split("\n")) {
      if (!line.isBlank()) {
        end = Math.max(end, JSON.readTree(line).path("offset").asLong());
      }
    }
    return end;
  }

  /** The types of the events written after offset {@code end}, forgotten steps left out. */
  private static List<String> writtenAfter(long end) throws Exception {
    List<String> types = new ArrayList<>();
    for (String line : send("GET", "/imagesaga/audit/journal?after=" + end).body()
        .split("\n")) {
      if (!line.isBlank()) {
        JsonNode record = JSON.readTree(line);
        if (!record.path("type").asText().endsWith(".StepsForgotten")) {
          types.add(record.path("persistenceId").asText() + " " + record.path("type").asText());
        }
      }
    }
    return types;
  }
}
