package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's {@code path.Match}, which dockerd's {@code reference} filter uses: the cases of Go's own
 * table ({@code src/path/match_test.go}), and patterns that a backtracking matcher takes
 * exponential time over, counted in steps.
 */
class PathMatchTest {

  /** pattern, name, matched, or null for {@code ErrBadPattern}. */
  static Stream<Arguments> goTable() {
    return Stream.of(
        Arguments.of("abc", "abc", true),
        Arguments.of("*", "abc", true),
        Arguments.of("*c", "abc", true),
        Arguments.of("a*", "a", true),
        Arguments.of("a*", "abc", true),
        Arguments.of("a*", "ab/c", false),
        Arguments.of("a*/b", "abc/b", true),
        Arguments.of("a*/b", "a/c/b", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false),
        Arguments.of("ab[c]", "abc", true),
        Arguments.of("ab[b-d]", "abc", true),
        Arguments.of("ab[e-g]", "abc", false),
        Arguments.of("ab[^c]", "abc", false),
        Arguments.of("ab[^b-d]", "abc", false),
        Arguments.of("ab[^e-g]", "abc", true),
        Arguments.of("a\\*b", "a*b", true),
        Arguments.of("a\\*b", "ab", false),
        Arguments.of("a?b", "a☺b", true),
        Arguments.of("a[^a]b", "a☺b", true),
        Arguments.of("a???b", "a☺b", false),
        Arguments.of("a[^a][^a][^a]b", "a☺b", false),
        Arguments.of("[a-ζ]*", "α", true),
        Arguments.of("*[a-ζ]", "A", false),
        Arguments.of("a?b", "a/b", false),
        Arguments.of("a*b", "a/b", false),
        Arguments.of("[\\]a]", "]", true),
        Arguments.of("[\\-]", "-", true),
        Arguments.of("[x\\-]", "x", true),
        Arguments.of("[x\\-]", "-", true),
        Arguments.of("[x\\-]", "z", false),
        Arguments.of("[\\-x]", "x", true),
        Arguments.of("[\\-x]", "-", true),
        Arguments.of("[\\-x]", "a", false),
        Arguments.of("[]a]", "]", null),
        Arguments.of("[-]", "-", null),
        Arguments.of("[x-]", "x", null),
        Arguments.of("[x-]", "-", null),
        Arguments.of("[x-]", "z", null),
        Arguments.of("[-x]", "x", null),
        Arguments.of("[-x]", "-", null),
        Arguments.of("[-x]", "a", null),
        Arguments.of("\\", "a", null),
        Arguments.of("[a-b-c]", "a", null),
        Arguments.of("[", "a", null),
        Arguments.of("[^", "a", null),
        Arguments.of("[^bc", "a", null),
        Arguments.of("a[", "a", null),
        Arguments.of("a[", "ab", null),
        Arguments.of("a[", "x", null),
        Arguments.of("a/b[", "x", null),
        Arguments.of("*x", "xxx", true),
        // Beyond Go's table: the empty pattern, a class with a supplementary character.
        Arguments.of("", "", true),
        Arguments.of("", "a", false),
        Arguments.of("a[😀-😂]b", "a😁b", true),
        Arguments.of("a?b", "a😁b", true));
  }

  @ParameterizedTest(name = "Match({0}, {1}) = {2}")
  @MethodSource("goTable")
  void matches_as_go_path_match_does(String pattern, String name, Boolean matched) {
    if (matched == null) {
      assertThatThrownBy(() -> PathMatch.compile(pattern).matches(name))
          .isInstanceOf(PathMatch.BadPatternException.class)
          .hasMessage("syntax error in pattern");
    } else {
      assertThat(PathMatch.compile(pattern).matches(name)).isEqualTo(matched);
    }
  }

  /**
   * Fifteen stars against a 128-character name: a backtracking matcher tries every way of
   * splitting the name among the stars (C(128, 15), about 10^19); chunk by chunk it is at most
   * one pass over the name per star.
   */
  @Test
  void many_stars_take_steps_linear_in_the_name_per_star() {
    String pattern = "a*".repeat(15) + "b";
    String name = "a".repeat(128);
    PathMatch match = PathMatch.compile(pattern);

    assertThat(match.matches(name)).isFalse();
    assertThat(match.steps()).isLessThanOrEqualTo(16L * (name.length() + 1));
    assertThat(match.matches(name + "b")).isTrue();
  }

  @Test
  void a_star_before_each_class_stays_polynomial() {
    String pattern = "*[a-z]".repeat(20) + "/";
    String name = "x".repeat(128);
    PathMatch match = PathMatch.compile(pattern);

    assertThat(match.matches(name)).isFalse();
    assertThat(match.steps()).isLessThanOrEqualTo(21L * (name.length() + 1) * 8);
  }
}
