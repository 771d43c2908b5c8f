package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link References#parseAny} (normalize_test.go's TestParseAnyReference) and go-digest's {@code
 * Parse} (digest_test.go), the two halves of moby's {@code GetImage} first step.
 */
class ParseAnyTest {
  static final String HEX = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

  /** {@code digest} tells which record parseAny returns; {@code string} is its toString(). */
  record Any(String input, boolean digest, String string) {
    @Override
    public String toString() {
      return input;
    }
  }

  static Stream<Any> any() {
    return Stream.of(
        new Any("redis", false, "docker.io/library/redis"),
        new Any("redis:latest", false, "docker.io/library/redis:latest"),
        new Any("docker.io/library/redis:latest", false, "docker.io/library/redis:latest"),
        new Any("redis@sha256:" + HEX, false, "docker.io/library/redis@sha256:" + HEX),
        new Any("dmcgowan/myapp", false, "docker.io/dmcgowan/myapp"),
        new Any("docker.io/mcgowan/myapp:latest", false, "docker.io/mcgowan/myapp:latest"),
        new Any(HEX, true, "sha256:" + HEX),
        new Any("sha256:" + HEX, true, "sha256:" + HEX),
        new Any("sha512:" + "a".repeat(128), true, "sha512:" + "a".repeat(128)),
        new Any(HEX.substring(1), false, "docker.io/library/" + HEX.substring(1)),
        new Any("dbcc1", false, "docker.io/library/dbcc1"),
        // Not digests to go-digest, so they fall through to the name grammar and are tags.
        new Any("sha256:abc", false, "docker.io/library/sha256:abc"),
        new Any(
            "sha256:" + HEX.toUpperCase(), false, "docker.io/library/sha256:" + HEX.toUpperCase()),
        new Any("md5:" + "a".repeat(32), false, "docker.io/library/md5:" + "a".repeat(32)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("any")
  void reads_ids_and_digests_before_names(Any c) throws Exception {
    ParsedReference ref = References.parseAny(c.input());

    assertThat(ref).isInstanceOf(c.digest() ? DigestReference.class : NamedReference.class);
    assertThat(ref.toString()).isEqualTo(c.string());
  }

  record Rejected(String input, String message) {
    @Override
    public String toString() {
      return input.isEmpty() ? "(empty)" : input;
    }
  }

  static Stream<Rejected> rejectedByParseAny() {
    return Stream.of(
        new Rejected("sha256:", "invalid reference format"),
        new Rejected("", "invalid reference format"),
        new Rejected("Foo", "invalid reference format: repository name must be lowercase"),
        new Rejected(
            HEX.toUpperCase(), "invalid reference format: repository name must be lowercase"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedByParseAny")
  void reports_the_name_error_when_nothing_fits(Rejected c) {
    assertThatThrownBy(() -> References.parseAny(c.input()))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage(c.message());
  }

  static Stream<String> validDigests() {
    return Stream.of("sha256:" + HEX, "sha384:" + "d3".repeat(48), "sha512:" + "0".repeat(128));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validDigests")
  void accepts_digests_like_go_digest(String s) throws Exception {
    Digest digest = Digest.parse(s);

    assertThat(digest.toString()).isEqualTo(s);
    assertThat(digest.algorithm() + ":" + digest.encoded()).isEqualTo(s);
  }

  static Stream<Rejected> invalidDigests() {
    String format = "invalid checksum digest format";
    String length = "invalid checksum digest length";
    String unsupported = "unsupported digest algorithm";
    return Stream.of(
        new Rejected("sha256:" + HEX.substring(4), length),
        new Rejected("sha256:d41d8cd98f00b204e9800998ecf8427e", length),
        new Rejected("sha512:" + HEX, length),
        new Rejected("sha256:" + HEX.toUpperCase(), format),
        new Rejected("sha256:" + HEX.substring(1) + "g", format),
        new Rejected(HEX, format),
        new Rejected("sha256:", format),
        new Rejected(":" + HEX, format),
        new Rejected("", format),
        new Rejected("SHA256:" + HEX, format),
        new Rejected("foo:d41d8cd98f00b204e9800998ecf8427e", unsupported),
        new Rejected("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", unsupported),
        new Rejected("md5:" + "a".repeat(32), unsupported));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDigests")
  void rejects_digests_like_go_digest(Rejected c) {
    assertThatThrownBy(() -> Digest.parse(c.input()))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage(c.message());
    assertThatThrownBy(() -> Digest.fromJson(c.input()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(c.message());
  }

  @Test
  void computes_sha256_as_go_digest_from_bytes() {
    // sha256 of "hello world", as `printf 'hello world' | sha256sum` prints it
    assertThat(Digest.sha256("hello world".getBytes(StandardCharsets.UTF_8)).toString())
        .isEqualTo("sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
  }

  @Test
  void refuses_to_build_an_invalid_digest() {
    assertThatThrownBy(() -> new Digest("sha256", "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid checksum digest length");
    assertThatThrownBy(() -> new Digest("md5", "a".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported digest algorithm");
  }
}
