package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Image IDs, and moby's isImageIDPrefix which decides between untag and delete. */
class ImageIdTest {
  static final String HEX = "abcdef0123456789".repeat(4);
  static final ImageId ID = new ImageId(HEX);

  record Prefix(String input, boolean prefix) {
    @Override
    public String toString() {
      return input.isEmpty() ? "(empty)" : input;
    }
  }

  static Stream<Prefix> prefixes() {
    return Stream.of(
        new Prefix("sha256:ab", true),
        new Prefix("ab", true),
        new Prefix("sha256:", true),
        new Prefix("", true),
        new Prefix("s", true),
        new Prefix("sha256:" + HEX, true),
        new Prefix(HEX, true),
        new Prefix("abcdef012345", true),
        new Prefix("ba", false),
        new Prefix("sha256:ba", false),
        new Prefix("AB", false),
        new Prefix("sha512:ab", false),
        new Prefix(HEX + "0", false),
        new Prefix("busybox", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prefixes")
  void is_prefixed_as_moby_reads_it(Prefix c) {
    assertThat(ID.hasPrefix(c.input())).isEqualTo(c.prefix());
  }

  static Stream<String> malformed() {
    return Stream.of(
        "",
        "sha256:",
        HEX.toUpperCase(),
        HEX.substring(1),
        "sha512:" + HEX,
        "sha256:" + HEX + "0",
        " " + HEX,
        "sha256:sha256:" + HEX);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void refuses_anything_but_a_sha256_id(String s) {
    assertThatThrownBy(() -> ImageId.parse(s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reads_both_forms_and_prints_the_prefixed_one() {
    assertThat(ImageId.parse(HEX)).isEqualTo(ID);
    assertThat(ImageId.parse("sha256:" + HEX)).isEqualTo(ID);
    assertThat(ID.toString()).isEqualTo("sha256:" + HEX);
    assertThat(ID.shortId()).isEqualTo("abcdef012345");
    assertThat(ID.digest().toString()).isEqualTo("sha256:" + HEX);
  }

  @Test
  void converts_from_digests_and_configs() throws Exception {
    assertThat(ImageId.of(Digest.parse("sha256:" + HEX))).isEqualTo(ID);
    assertThatThrownBy(() -> ImageId.of(Digest.parse("sha512:" + HEX + HEX)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ImageId.fromConfig("hello world".getBytes(StandardCharsets.UTF_8)).hex())
        .isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
  }
}
