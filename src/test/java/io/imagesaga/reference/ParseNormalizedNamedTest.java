package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link References#parseNormalizedNamed}. Cases from distribution's normalize_test.go
 * (TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo,
 * TestNormalizedSplitHostname) plus the strings moby's delete tests send.
 */
class ParseNormalizedNamedTest {
  static final String HEX = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
  static final String DIGEST =
      "sha256:" + "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
  static final String LOWER = "invalid reference format: repository name must be lowercase";
  static final String FORMAT = "invalid reference format";
  static final String TOO_LONG = "repository name must not be more than 255 characters";

  /** {@code tag} and {@code digest} are null when absent, as in the record. */
  record Valid(
      String input, String domain, String path, String familiar, String tag, String digest) {
    Valid(String input, String domain, String path, String familiar) {
      this(input, domain, path, familiar, null, null);
    }

    @Override
    public String toString() {
      return input.length() > 60 ? input.substring(0, 60) + "..." : input;
    }
  }

  static Stream<Valid> valid() {
    return Stream.of(
        new Valid("busybox", "docker.io", "library/busybox", "busybox"),
        new Valid(
            "busybox:latest", "docker.io", "library/busybox", "busybox:latest", "latest", null),
        new Valid("library/busybox", "docker.io", "library/busybox", "busybox"),
        new Valid("docker.io/busybox", "docker.io", "library/busybox", "busybox"),
        new Valid("docker.io/library/busybox", "docker.io", "library/busybox", "busybox"),
        new Valid("index.docker.io/library/busybox", "docker.io", "library/busybox", "busybox"),
        new Valid("index.docker.io/debian", "docker.io", "library/debian", "debian"),
        new Valid("docker/docker", "docker.io", "docker/docker", "docker/docker"),
        new Valid("fooo/bar", "docker.io", "fooo/bar", "fooo/bar"),
        new Valid("index.docker.io/fooo/bar", "docker.io", "fooo/bar", "fooo/bar"),
        new Valid("other/library", "docker.io", "other/library", "other/library"),
        new Valid("library/foo/bar", "docker.io", "library/foo/bar", "library/foo/bar"),
        new Valid("store/foo/bar", "docker.io", "store/foo/bar", "store/foo/bar"),
        new Valid(
            "ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", "ubuntu-12.04-base"),
        new Valid("user/repo:t", "docker.io", "user/repo", "user/repo:t", "t", null),
        new Valid("test_com/foo", "docker.io", "test_com/foo", "test_com/foo"),
        new Valid("localhost:5000/a", "localhost:5000", "a", "localhost:5000/a"),
        new Valid("localhost/a", "localhost", "a", "localhost/a"),
        new Valid("localhost:5000/a:1", "localhost:5000", "a", "localhost:5000/a:1", "1", null),
        new Valid(
            "127.0.0.1:5000/busybox:latest",
            "127.0.0.1:5000",
            "busybox",
            "127.0.0.1:5000/busybox:latest",
            "latest",
            null),
        new Valid(
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000",
            "private/moonbase",
            "127.0.0.1:8000/private/moonbase"),
        new Valid("192.168.0.1", "docker.io", "library/192.168.0.1", "192.168.0.1"),
        new Valid(
            "192.168.0.1:80", "docker.io", "library/192.168.0.1", "192.168.0.1:80", "80", null),
        new Valid(
            "example.com:8000/privatebasee",
            "example.com:8000",
            "privatebasee",
            "example.com:8000/privatebasee"),
        new Valid("test-com:8080/foo", "test-com:8080", "foo", "test-com:8080/foo"),
        new Valid("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", "xn--n3h.com:18080/foo"),
        new Valid(
            "utest:5000/docker:tag4",
            "utest:5000",
            "docker",
            "utest:5000/docker:tag4",
            "tag4",
            null),
        new Valid("quay.io/x/y", "quay.io", "x/y", "quay.io/x/y"),
        new Valid("[::1]:5000/a", "[::1]:5000", "a", "[::1]:5000/a"),
        new Valid(
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            "[fc00:1:2:3:4:5:6:7]:5000",
            "library/debian",
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian"),
        // A host-like first component that is not a valid host: upstream keeps no domain.
        new Valid("a_b.com/c", "", "a_b.com/c", "a_b.com/c"),
        new Valid("docker.io/" + HEX, "docker.io", "library/" + HEX, HEX),
        new Valid("a@" + DIGEST, "docker.io", "library/a", "a@" + DIGEST, null, DIGEST),
        new Valid(
            "busybox:latest@" + DIGEST,
            "docker.io",
            "library/busybox",
            "busybox:latest@" + DIGEST,
            "latest",
            DIGEST),
        new Valid("sha256:abc", "docker.io", "library/sha256", "sha256:abc", "abc", null),
        new Valid(
            "lowercase:Uppercase",
            "docker.io",
            "library/lowercase",
            "lowercase:Uppercase",
            "Uppercase",
            null),
        new Valid("a__b", "docker.io", "library/a__b", "a__b"),
        new Valid(
            "docker---rules/docker", "docker.io", "docker---rules/docker", "docker---rules/docker"),
        new Valid("d/docker", "docker.io", "d/docker", "d/docker"),
        new Valid(
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "docker.io",
            "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
        new Valid(
            "a:" + "t".repeat(128),
            "docker.io",
            "library/a",
            "a:" + "t".repeat(128),
            "t".repeat(128),
            null),
        // The 255 limit counts the whole normalised name: 18 + 237 characters.
        new Valid("a".repeat(237), "docker.io", "library/" + "a".repeat(237), "a".repeat(237)),
        new Valid(
            "a/" + "b".repeat(243), "docker.io", "a/" + "b".repeat(243), "a/" + "b".repeat(243)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void normalises_like_distribution(Valid c) throws Exception {
    NamedReference ref = References.parseNormalizedNamed(c.input());

    assertThat(ref.repository()).isEqualTo(new RepositoryName(c.domain(), c.path()));
    assertThat(ref.tag()).isEqualTo(c.tag());
    assertThat(ref.digest() == null ? null : ref.digest().toString()).isEqualTo(c.digest());
    assertThat(ref.familiarString()).isEqualTo(c.familiar());
    String suffix =
        (c.tag() == null ? "" : ":" + c.tag()) + (c.digest() == null ? "" : "@" + c.digest());
    String name = c.domain().isEmpty() ? c.path() : c.domain() + "/" + c.path();
    assertThat(ref.toString()).isEqualTo(name + suffix);
    assertThat(References.parseNormalizedNamed(ref.toString())).isEqualTo(ref);
    if (!c.familiar().equals(HEX)) { // docker.io/<64 hex> has no familiar form that parses back
      assertThat(References.parseNormalizedNamed(ref.familiarString())).isEqualTo(ref);
    }
  }

  record Invalid(String input, String message) {
    @Override
    public String toString() {
      return input.isEmpty()
          ? "(empty)"
          : input.length() > 60 ? input.substring(0, 60) + "..." : input;
    }
  }

  static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid("Foo", LOWER),
        new Invalid("foo/Bar", LOWER),
        new Invalid("docker/Docker", LOWER),
        new Invalid("docker.io/docker/Docker", LOWER),
        new Invalid("Uppercase:tag", LOWER),
        new Invalid("test:5000/Uppercase/lowercase:tag", LOWER),
        // Upper case before any '/' is not a registry to the 2019 splitter (later versions say it
        // is).
        new Invalid("Docker/docker", LOWER),
        new Invalid(HEX.toUpperCase(), LOWER),
        new Invalid("", FORMAT),
        new Invalid("a@sha256:short", FORMAT),
        new Invalid("sha256:", FORMAT),
        new Invalid(":tag", FORMAT),
        new Invalid(":justtag", FORMAT),
        new Invalid("@" + DIGEST, FORMAT),
        new Invalid("a:", FORMAT),
        new Invalid("a::b", FORMAT),
        new Invalid("a/", FORMAT),
        new Invalid("docker/", FORMAT),
        new Invalid("-a", FORMAT),
        new Invalid("-docker/docker", FORMAT),
        new Invalid("docker-/docker", FORMAT),
        new Invalid("-docker.io/docker/docker", FORMAT),
        new Invalid("a..b", FORMAT),
        new Invalid("dock_.er/docker", FORMAT),
        new Invalid("a___b", FORMAT),
        new Invalid("____/____", FORMAT),
        new Invalid("_docker/_docker", FORMAT),
        new Invalid("docker///docker", FORMAT),
        new Invalid("aa/asdf$$^/aa", FORMAT),
        new Invalid("https://github.com/docker/docker", FORMAT),
        new Invalid("a:" + "t".repeat(129), FORMAT),
        new Invalid("a:-tag", FORMAT),
        new Invalid("busybox\n", FORMAT),
        new Invalid("[fc00::1]:5000", FORMAT),
        new Invalid("fc00::1:5000/debian", FORMAT),
        new Invalid("[fe80::1%eth0]:5000/debian", FORMAT),
        new Invalid("[2001:db8:3:4::192.0.2.33]:5000/debian", FORMAT),
        new Invalid("a".repeat(238), TOO_LONG),
        new Invalid("a".repeat(256), TOO_LONG),
        new Invalid("a/" + "b".repeat(244), TOO_LONG),
        new Invalid("a/".repeat(128) + "a:tag", TOO_LONG),
        new Invalid(
            HEX,
            "invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings"),
        new Invalid("a@sha256:" + "B".repeat(64), "invalid checksum digest format"),
        new Invalid("repo@sha256:" + "f".repeat(34), "invalid checksum digest length"),
        new Invalid("a@sha512:" + "b".repeat(64), "invalid checksum digest length"),
        new Invalid("a@md5:" + "b".repeat(32), "unsupported digest algorithm"),
        new Invalid("validname@invaliddigest:" + "f".repeat(64), "unsupported digest algorithm"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects_with_the_upstream_text(Invalid c) {
    assertThatThrownBy(() -> References.parseNormalizedNamed(c.input()))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage(c.message());
  }
}
