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
  private static final TreeSet<String> IDS = new TreeSet<>(List.of(A, B));

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
}
