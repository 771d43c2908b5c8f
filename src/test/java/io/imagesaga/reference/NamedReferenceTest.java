package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TagNameOnly, favorDigest, WithTag and the reference store's ordering. */
class NamedReferenceTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  record Derived(String input, String withDefaultTag, String favorDigest, String kind) {
    @Override
    public String toString() {
      return input;
    }
  }

  static Stream<Derived> derived() {
    return Stream.of(
        new Derived("busybox", "busybox:latest", "busybox", "name"),
        new Derived("busybox:1", "busybox:1", "busybox:1", "tagged"),
        new Derived("a@" + DIGEST, "a@" + DIGEST, "a@" + DIGEST, "canonical"),
        new Derived("a:1@" + DIGEST, "a:1@" + DIGEST, "a@" + DIGEST, "both"),
        new Derived("localhost:5000/a", "localhost:5000/a:latest", "localhost:5000/a", "name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derived")
  void derives_like_distribution_and_the_reference_store(Derived c) throws Exception {
    NamedReference ref = References.parseNormalizedNamed(c.input());

    assertThat(ref.withDefaultTag().familiarString()).isEqualTo(c.withDefaultTag());
    assertThat(ref.favorDigest().familiarString()).isEqualTo(c.favorDigest());
    assertThat(ref.isNameOnly()).isEqualTo(c.kind().equals("name"));
    assertThat(ref.isTagged()).isEqualTo(c.kind().equals("tagged") || c.kind().equals("both"));
    assertThat(ref.isCanonical())
        .isEqualTo(c.kind().equals("canonical") || c.kind().equals("both"));
  }

  static Stream<String> validTags() {
    return Stream.of("latest", "TAG5", "_x", "1.0-rc_1", "t".repeat(128));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTags")
  void tags_with_distributions_tag_grammar(String tag) throws Exception {
    RepositoryName busybox = RepositoryName.parseNormalized("busybox");

    assertThat(NamedReference.tagged(busybox, tag).familiarString()).isEqualTo("busybox:" + tag);
  }

  static Stream<String> invalidTags() {
    return Stream.of("t".repeat(129), "", "-foo", ".foo", "a:b", "a/b", "a@b", "caf\u00E9");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidTags")
  void refuses_tags_outside_the_grammar(String tag) throws Exception {
    RepositoryName busybox = RepositoryName.parseNormalized("busybox");

    assertThatThrownBy(() -> NamedReference.tagged(busybox, tag))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage("invalid tag format");
    assertThatThrownBy(() -> new NamedReference(busybox, tag, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid tag format");
  }

  @Test
  void sorts_by_the_full_normalised_string_as_moby_lists_references() throws Exception {
    var refs =
        Stream.of("zeta:1", "localhost:5000/a:1", "user/b:1", "a@" + DIGEST, "a:latest")
            .map(NamedReferenceTest::parse)
            .sorted()
            .map(NamedReference::toString)
            .toList();

    assertThat(refs)
        .containsExactly(
            "docker.io/library/a:latest",
            "docker.io/library/a@" + DIGEST,
            "docker.io/library/zeta:1",
            "docker.io/user/b:1",
            "localhost:5000/a:1");
  }

  @Test
  void builds_references_from_a_repository() throws Exception {
    RepositoryName repo = RepositoryName.parseNormalized("index.docker.io/library/busybox");
    Digest digest = Digest.parse(DIGEST);

    assertThat(repo.name()).isEqualTo("docker.io/library/busybox");
    assertThat(NamedReference.canonical(repo, digest)).isEqualTo(parse("busybox@" + DIGEST));
    assertThat(NamedReference.tagged(repo, "1")).isEqualTo(parse("docker.io/busybox:1"));
    assertThat(NamedReference.nameOnly(repo)).isEqualTo(parse("busybox"));
    assertThat(parse("busybox:1").name()).isEqualTo("docker.io/library/busybox");
    assertThat(parse("library/foo/bar:1").familiarName()).isEqualTo("library/foo/bar");
  }

  @Test
  void repository_names_refuse_tags_digests_and_unnormalised_pairs() {
    for (String s : List.of("busybox:latest", "busybox@" + DIGEST)) {
      assertThatThrownBy(() -> RepositoryName.parseNormalized(s))
          .isInstanceOf(InvalidReferenceException.class)
          .hasMessage("invalid reference format");
    }
    assertThatThrownBy(() -> new RepositoryName("docker.io", "busybox"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepositoryName("index.docker.io", "library/busybox"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepositoryName("user", "repo"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepositoryName("docker.io", "library/Busybox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid reference format: repository name must be lowercase");
  }

  static NamedReference parse(String s) {
    try {
      return References.parseNormalizedNamed(s);
    } catch (InvalidReferenceException e) {
      throw new AssertionError(s, e);
    }
  }
}
