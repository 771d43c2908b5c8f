package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Docker's reference grammar, cases after distribution's normalize_test and reference_test. */
class ReferencesTest {
  private static final String HEX = "a".repeat(64);
  private static final String DIGEST = "sha256:" + "b".repeat(64);

  record Valid(String input, String full, String familiar, String tag, String digest) {
    @Override
    public String toString() {
      return input;
    }
  }

  static Stream<Valid> valid() {
    return Stream.of(
        new Valid("busybox", "docker.io/library/busybox", "busybox", null, null),
        new Valid("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36", "1.36", null),
        new Valid("library/busybox", "docker.io/library/busybox", "busybox", null, null),
        new Valid("docker.io/busybox", "docker.io/library/busybox", "busybox", null, null),
        new Valid("index.docker.io/library/busybox", "docker.io/library/busybox", "busybox",
            null, null),
        new Valid("user/repo:t", "docker.io/user/repo:t", "user/repo:t", "t", null),
        new Valid("localhost:5000/a", "localhost:5000/a", "localhost:5000/a", null, null),
        new Valid("localhost/a", "localhost/a", "localhost/a", null, null),
        new Valid("127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest",
            "127.0.0.1:5000/busybox:latest", "latest", null),
        new Valid("[::1]:5000/a", "[::1]:5000/a", "[::1]:5000/a", null, null),
        new Valid("quay.io/team/app:v1", "quay.io/team/app:v1", "quay.io/team/app:v1", "v1",
            null),
        new Valid("a@" + DIGEST, "docker.io/library/a@" + DIGEST, "a@" + DIGEST, null, DIGEST),
        new Valid("busybox:latest@" + DIGEST, "docker.io/library/busybox:latest@" + DIGEST,
            "busybox:latest@" + DIGEST, "latest", DIGEST),
        new Valid("sha256:abc", "docker.io/library/sha256:abc", "sha256:abc", "abc", null),
        new Valid("a__b", "docker.io/library/a__b", "a__b", null, null),
        new Valid("a---b.c_d", "docker.io/library/a---b.c_d", "a---b.c_d", null, null),
        new Valid("a:" + "t".repeat(128), "docker.io/library/a:" + "t".repeat(128),
            "a:" + "t".repeat(128), "t".repeat(128), null),
        // 255 characters once normalised: the longest name there is.
        new Valid("a/" + "b".repeat(243), "docker.io/a/" + "b".repeat(243),
            "a/" + "b".repeat(243), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses_and_normalises(Valid c) throws Exception {
    NamedReference ref = References.parseNormalizedNamed(c.input());
    assertThat(ref.toString()).isEqualTo(c.full());
    assertThat(ref.familiarString()).isEqualTo(c.familiar());
    assertThat(ref.tag()).isEqualTo(c.tag());
    assertThat(ref.digest() == null ? null : ref.digest().toString()).isEqualTo(c.digest());
    assertThat(References.parseNormalizedNamed(ref.toString())).isEqualTo(ref);
  }

  record Invalid(String input, String message) {
    @Override
    public String toString() {
      return input.isEmpty() ? "(empty)"
          : input.length() > 40 ? input.substring(0, 40) + "…" : input;
    }
  }

  static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid("Foo", "invalid reference format: repository name must be lowercase"),
        new Invalid("foo/Bar", "invalid reference format: repository name must be lowercase"),
        new Invalid("", "invalid reference format"),
        new Invalid("a@sha256:short", "invalid reference format"),
        new Invalid("sha256:", "invalid reference format"),
        new Invalid(":tag", "invalid reference format"),
        new Invalid("a:", "invalid reference format"),
        new Invalid("a::b", "invalid reference format"),
        new Invalid("a/", "invalid reference format"),
        new Invalid("-a", "invalid reference format"),
        new Invalid("a..b", "invalid reference format"),
        new Invalid("a___b", "invalid reference format"),
        new Invalid("a:" + "t".repeat(129), "invalid reference format"),
        new Invalid("a/" + "b".repeat(244),
            "repository name must not be more than 255 characters"),
        new Invalid("a".repeat(256), "repository name must not be more than 255 characters"),
        new Invalid(HEX, "invalid repository name (" + HEX
            + "), cannot specify 64-byte hexadecimal strings"),
        new Invalid("a@sha256:" + "B".repeat(64), "invalid checksum digest format"),
        new Invalid("a@sha512:" + "b".repeat(64), "invalid checksum digest length"),
        new Invalid("a@md5:" + "b".repeat(32), "unsupported digest algorithm"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects_with_distributions_text(Invalid c) {
    assertThatThrownBy(() -> References.parseNormalizedNamed(c.input()))
        .isInstanceOf(InvalidReferenceException.class).hasMessage(c.message());
  }

  @Test
  void parse_any_reads_ids_and_digests_before_names() throws Exception {
    assertThat(References.parseAny(HEX)).isEqualTo(new DigestReference(Digest.parse(
        "sha256:" + HEX)));
    assertThat(References.parseAny(DIGEST)).isEqualTo(new DigestReference(Digest.parse(DIGEST)));
    assertThat(References.parseAny("sha256:abc")).isInstanceOf(NamedReference.class);
    assertThatThrownBy(() -> References.parseAny("sha256:"))
        .hasMessage("invalid reference format");
  }

  @Test
  void default_tag_and_favoured_digest() throws Exception {
    assertThat(References.parseNormalizedNamed("a").withDefaultTag().familiarString())
        .isEqualTo("a:latest");
    assertThat(References.parseNormalizedNamed("a@" + DIGEST).withDefaultTag().tag()).isNull();
    assertThat(References.parseNormalizedNamed("a:1@" + DIGEST).favorDigest().familiarString())
        .isEqualTo("a@" + DIGEST);
  }

  @Test
  void image_id_prefixes_as_moby_reads_them() {
    ImageId id = ImageId.parse("sha256:" + "ab".repeat(32));
    assertThat(id.hasPrefix("sha256:ab")).isTrue();
    assertThat(id.hasPrefix("abab")).isTrue();
    assertThat(id.hasPrefix("sha256:")).isTrue();
    assertThat(id.hasPrefix("")).isTrue();
    assertThat(id.hasPrefix("ba")).isFalse();
    assertThat(id.shortId()).isEqualTo("abababababab");
  }

  @Test
  void json_round_trips_as_plain_strings() throws Exception {
    ObjectMapper json = new ObjectMapper();
    NamedReference ref = References.parseNormalizedNamed("localhost:5000/a:1");
    assertThat(json.writeValueAsString(ref)).isEqualTo("\"localhost:5000/a:1\"");
    assertThat(json.readValue(json.writeValueAsString(ref), NamedReference.class)).isEqualTo(ref);
    ImageId id = ImageId.parse(HEX);
    assertThat(json.readValue(json.writeValueAsString(id), ImageId.class)).isEqualTo(id);
    Digest digest = Digest.parse(DIGEST);
    assertThat(json.readValue(json.writeValueAsString(digest), Digest.class)).isEqualTo(digest);
  }
}
