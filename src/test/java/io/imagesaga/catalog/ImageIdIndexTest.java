package io.imagesaga.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** moby's digestset lookup: unique prefixes resolve, ambiguous and foreign ones do not. */
class ImageIdIndexTest {
  private static final String A = "abc1" + "0".repeat(60);
  private static final String B = "abc2" + "0".repeat(60);
  private static final TreeSet<CompactId> IDS = new TreeSet<>(
      List.of(CompactId.of(ImageId.parse(A)), CompactId.of(ImageId.parse(B))));

  @Test
  void a_unique_prefix_with_or_without_algorithm() {
    assertThat(ImageIdIndex.search(IDS, "abc1")).contains(ImageId.parse(A));
    assertThat(ImageIdIndex.search(IDS, "sha256:abc2")).contains(ImageId.parse(B));
    assertThat(ImageIdIndex.search(IDS, A)).contains(ImageId.parse(A));
  }

  @Test
  void ambiguous_missing_or_foreign_prefixes_find_nothing() {
    assertThat(ImageIdIndex.search(IDS, "abc")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, "abd")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, "sha512:abc1")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, "sha256:")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, "")).isEmpty();
  }

  @Test
  void ids_are_ordered_as_their_hex_strings_so_prefixes_at_any_length_resolve() {
    List<String> hexes = List.of("0".repeat(64), "7fffffffffffffff" + "f".repeat(48),
        "8" + "0".repeat(63), "f".repeat(16) + "0".repeat(48), "f".repeat(64));
    TreeSet<CompactId> ids = new TreeSet<>();
    hexes.forEach(hex -> ids.add(CompactId.of(ImageId.parse(hex))));

    assertThat(ids).extracting(CompactId::hex).containsExactlyElementsOf(hexes);
    assertThat(ImageIdIndex.search(ids, "7")).contains(ImageId.parse(hexes.get(1)));
    assertThat(ImageIdIndex.search(ids, "8")).contains(ImageId.parse(hexes.get(2)));
    assertThat(ImageIdIndex.search(ids, "f".repeat(16))).as("ambiguous").isEmpty();
    assertThat(ImageIdIndex.search(ids, "f".repeat(17))).contains(ImageId.parse(hexes.get(4)));
    assertThat(ImageIdIndex.search(ids, "f".repeat(16) + "0")).contains(
        ImageId.parse(hexes.get(3)));
  }

  @Test
  void what_no_lowercase_hex_id_can_start_with_finds_nothing() {
    assertThat(ImageIdIndex.search(IDS, "ABC1")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, "abc1-")).isEmpty();
    assertThat(ImageIdIndex.search(IDS, A + "0")).isEmpty();
  }
}
