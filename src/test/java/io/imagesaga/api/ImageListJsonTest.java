package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The listing written field by field is byte for byte what Jackson writes of the summaries. */
class ImageListJsonTest {

  @Test
  void an_empty_listing_is_an_empty_array() throws Exception {
    assertThat(rendered(List.of())).isEqualTo("[]").isEqualTo(jackson(List.of()));
  }

  @Test
  void labels_parents_tags_and_digests_over_several_chunks_read_as_jackson_writes_them()
      throws Exception {
    ImageId parent = id("parent");
    List<ImageQuery.Match> matches = new ArrayList<>();
    IntStream.range(0, ImageListJson.PER_CHUNK * 2 + 3).forEach(i -> {
      CatalogImage image = image("image-" + i, i % 3 == 0 ? Optional.of(parent)
          : Optional.empty(), i % 2 == 0 ? Map.of("a", "1", "quote\"d", "\u00e9\n") : Map.of());
      matches.add(new ImageQuery.Match(image,
          i % 5 == 0 ? List.of() : List.of("repo:" + i, "other/repo:tag-" + i),
          i % 4 == 0 ? List.of("repo@" + Digest.sha256(new byte[] {(byte) i})) : List.of()));
    });

    assertThat(rendered(matches)).isEqualTo(jackson(matches));
  }

  @Test
  void strings_needing_escapes_read_as_jackson_writes_them() throws Exception {
    String nasty = "tab\there \u0001\u001f \\ \" / \u007f \u00e9 \u20ac \ud83d\ude00 end";
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    labels.put(nasty, nasty);
    labels.put("plain", "");
    labels.put("empty value", "");
    List<ImageQuery.Match> matches = List.of(new ImageQuery.Match(
        image("nasty", Optional.of(id("p")), labels), List.of(nasty, "a:b"), List.of(nasty)));

    assertThat(rendered(matches)).isEqualTo(jackson(matches));
  }

  /**
   * A config's JSON may spell half a surrogate pair ({@code "\\ud800"}); Jackson reads it into
   * the label as it is, and one such image must not fail the listing of every image.
   */
  @Test
  void a_label_holding_half_a_surrogate_pair_reads_as_jackson_writes_it() throws Exception {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    labels.put("high\ud800", "low \udc00 end");
    labels.put("reversed", "\udc00\ud800");
    List<ImageQuery.Match> matches = List.of(new ImageQuery.Match(
        image("half-pairs", Optional.empty(), labels), List.of("a:b"), List.of()));

    assertThat(rendered(matches)).isEqualTo(jackson(matches));
  }

  @Test
  void a_listing_of_one_chunk_goes_whole_and_a_longer_one_in_chunks() throws Exception {
    List<ImageQuery.Match> one = matches(ImageListJson.PER_CHUNK);
    List<ImageQuery.Match> more = matches(ImageListJson.PER_CHUNK + 1);

    HttpEntity whole = ImageListJson.response(one).entity();
    HttpEntity chunked = ImageListJson.response(more).entity();

    assertThat(whole).isInstanceOf(HttpEntity.Strict.class);
    assertThat(((HttpEntity.Strict) whole).getData().utf8String()).isEqualTo(jackson(one));
    assertThat(chunked).isInstanceOf(HttpEntity.Chunked.class);
    assertThat(whole.getContentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
    assertThat(chunked.getContentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
  }

  private static List<ImageQuery.Match> matches(int count) {
    return IntStream.range(0, count).mapToObj(i -> new ImageQuery.Match(
        image("image-" + i, Optional.empty(), Map.of()), List.of("repo:" + i), List.of()))
        .toList();
  }

  private static String rendered(List<ImageQuery.Match> matches) {
    int chunks = Math.max(1, (matches.size() + ImageListJson.PER_CHUNK - 1)
        / ImageListJson.PER_CHUNK);
    ByteString all = ByteString.emptyByteString();
    for (int chunk = 0; chunk < chunks; chunk++) {
      all = all.concat(ImageListJson.render(matches, chunk, chunks));
    }
    return all.utf8String();
  }

  /**
   * As the API writes an answer ({@code Json.response}): Jackson's byte generator, which
   * escapes a character beyond the BMP, where its string writer would not.
   */
  private static String jackson(List<ImageQuery.Match> matches) throws Exception {
    return new String(Json.MAPPER.writeValueAsBytes(matches.stream()
        .map(m -> ImageSummaries.of(m.image()).withReferences(m.repoDigests(), m.repoTags()))
        .toList()), StandardCharsets.UTF_8);
  }

  private static ImageId id(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }

  private static CatalogImage image(String seed, Optional<ImageId> parent,
      Map<String, String> labels) {
    ImageState state = ImageState.absent().apply(new ImageEvent.Registered(new ImageMetadata(
        id(seed), parent, Optional.empty(), Instant.ofEpochSecond(1_700_000_000, 5), "linux",
        seed.length() * 1000L, labels), "op", Optional.empty(), Instant.EPOCH));
    return CatalogImage.of(state.apply(new ImageEvent.ReferenceAdded(
        NamedReference.fromJson("docker.io/library/" + seed + ":1"), Instant.EPOCH)));
  }
}
