package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** distribution's {@code Parse} without normalisation: reference_test.go's TestReferenceParse. */
class GrammarTest {
  static final String F64 = "sha256:" + "f".repeat(64);
  static final String F128 = "sha512:" + "f".repeat(128);

  /** {@code message} null means valid; then {@code name}, {@code domain}, tag and digest apply. */
  record Case(String input, String message, String name, String domain, String tag, String digest) {
    static Case ok(String input, String name, String domain, String tag, String digest) {
      return new Case(input, null, name, domain, tag, digest);
    }

    static Case error(String input, String message) {
      return new Case(input, message, null, null, null, null);
    }

    @Override
    public String toString() {
      return input.isEmpty()
          ? "(empty)"
          : input.length() > 60 ? input.substring(0, 60) + "..." : input;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.ok("test_com", "test_com", "", null, null),
        Case.ok("test.com:tag", "test.com", "", "tag", null),
        Case.ok("test.com:5000", "test.com", "", "5000", null),
        Case.ok("test.com/repo:tag", "test.com/repo", "test.com", "tag", null),
        Case.ok("test:5000/repo", "test:5000/repo", "test:5000", null, null),
        Case.ok("test:5000/repo:tag", "test:5000/repo", "test:5000", "tag", null),
        Case.ok("test:5000/repo@" + F64, "test:5000/repo", "test:5000", null, F64),
        Case.ok("test:5000/repo:tag@" + F64, "test:5000/repo", "test:5000", "tag", F64),
        Case.error("", "repository name must have at least one component"),
        Case.error(":justtag", "invalid reference format"),
        Case.error("@" + F64, "invalid reference format"),
        Case.error("repo@sha256:" + "f".repeat(34), "invalid checksum digest length"),
        Case.error("validname@invaliddigest:" + "f".repeat(64), "unsupported digest algorithm"),
        Case.error("Uppercase:tag", "repository name must be lowercase"),
        Case.error("test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"),
        Case.ok("lowercase:Uppercase", "lowercase", "", "Uppercase", null),
        Case.error(
            "a/".repeat(128) + "a:tag", "repository name must not be more than 255 characters"),
        Case.ok(
            "a/".repeat(127) + "a:tag-puts-this-over-max",
            "a/".repeat(127) + "a",
            "a",
            "tag-puts-this-over-max",
            null),
        Case.error("aa/asdf$$^/aa", "invalid reference format"),
        Case.ok(
            "sub-dom1.foo.com/bar/baz/quux",
            "sub-dom1.foo.com/bar/baz/quux",
            "sub-dom1.foo.com",
            null,
            null),
        Case.ok(
            "b.gcr.io/test.example.com/my-app:test.example.com",
            "b.gcr.io/test.example.com/my-app",
            "b.gcr.io",
            "test.example.com",
            null),
        Case.ok(
            "xn--7o8h.com/myimage:xn--7o8h.com@" + F128,
            "xn--7o8h.com/myimage",
            "xn--7o8h.com",
            "xn--7o8h.com",
            F128),
        Case.ok("foo_bar.com:8080", "foo_bar.com", "", "8080", null),
        Case.ok("foo/foo_bar.com:8080", "foo/foo_bar.com", "foo", "8080", null),
        Case.ok(
            "192.168.1.1:5000/repo:5050",
            "192.168.1.1:5000/repo",
            "192.168.1.1:5000",
            "5050",
            null),
        Case.error("[2001:db8::1]", "invalid reference format"),
        Case.error("[2001:db8::1]:5000", "invalid reference format"),
        Case.error("[2001:db8::1]:tag", "invalid reference format"),
        Case.ok("[2001:db8::1]/repo", "[2001:db8::1]/repo", "[2001:db8::1]", null, null),
        Case.ok(
            "[2001:db8::1]:5000/repo:tag@" + F64,
            "[2001:db8::1]:5000/repo",
            "[2001:db8::1]:5000",
            "tag",
            F64),
        Case.ok("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", null, null),
        Case.error("[fe80::1%eth0]:5000/repo", "invalid reference format"),
        Case.error("[fe80::1%@invalidzone]:5000/repo", "invalid reference format"),
        Case.error("a@b@" + F64, "invalid reference format"),
        // Go lower-cases per code point: the Kelvin sign becomes 'k', so only the case is wrong.
        Case.error("\u212Aube", "repository name must be lowercase"),
        Case.error("caf\u00E9", "invalid reference format"));
  }

  static Stream<Case> parsed() {
    return cases().filter(c -> c.message() == null);
  }

  static Stream<Case> rejected() {
    return cases().filter(c -> c.message() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects_like_distribution(Case c) {
    assertThatThrownBy(() -> Grammar.parse(c.input()))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage(c.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsed")
  void parses_like_distribution(Case c) throws Exception {
    Grammar.Parts parts = Grammar.parse(c.input());
    assertThat(parts.name()).isEqualTo(c.name());
    assertThat(parts.domain()).isEqualTo(c.domain());
    assertThat(parts.tag()).isEqualTo(c.tag());
    assertThat(parts.digest() == null ? null : parts.digest().toString()).isEqualTo(c.digest());
  }
}
