package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protected list's patterns: exact references normalised, globs over both forms. */
class ReferencePatternTest {

  @Test
  void an_exact_reference_is_kept_normalised_and_matches_only_itself() throws Exception {
    ReferencePattern nginx = ReferencePattern.parse("nginx");
    assertThat(nginx.text()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(nginx.matches(ref("nginx:latest"))).isTrue();
    assertThat(nginx.matches(ref("nginx:1"))).isFalse();
    assertThat(nginx.matches(ref("other/nginx"))).isFalse();
  }

  @Test
  void a_glob_matches_the_full_or_the_familiar_form_and_never_crosses_a_slash()
      throws Exception {
    ReferencePattern library = ReferencePattern.parse("docker.io/library/*");
    assertThat(library.matches(ref("nginx:1.27"))).isTrue();
    assertThat(library.matches(ref("app/web:1"))).isFalse();
    ReferencePattern tags = ReferencePattern.parse("app:?");
    assertThat(tags.matches(ref("app:1"))).isTrue();
    assertThat(tags.matches(ref("app:10"))).isFalse();
  }

  /**
   * A client's pattern with many stars, checked against a long reference at each delete: the
   * regex it once compiled to backtracked through every split of the name among the stars and
   * never returned (PathMatchTest counts the steps; the timeout here only keeps a regression
   * from hanging the build).
   */
  @Test
  void a_pattern_with_many_stars_is_answered() throws Exception {
    ReferencePattern stars = ReferencePattern.parse("a*".repeat(15) + "b");
    NamedReference reference = ref("a".repeat(100) + ":" + "a".repeat(120));
    assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThat(stars.matches(reference)).isFalse());
  }

  @Test
  void blank_patterns_bad_references_and_foreign_characters_are_refused() {
    assertThatThrownBy(() -> ReferencePattern.parse(" "))
        .hasMessage("a protected pattern cannot be blank");
    assertThatThrownBy(() -> ReferencePattern.parse("Nginx"))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> ReferencePattern.parse("app:[1]*"))
        .hasMessageContaining("only the characters of references");
  }

  @Test
  void the_first_protected_reference_is_named_with_its_pattern() throws Exception {
    ReferencePattern pattern = ReferencePattern.parse("app:prod");
    assertThat(ReferencePattern.firstMatch(List.of(pattern), List.of(ref("app:1"),
        ref("app:prod")))).contains(new ReferencePattern.Match(ref("app:prod"), pattern));
    assertThat(ReferencePattern.firstMatch(List.of(pattern), List.of(ref("app:1")))).isEmpty();
  }

  private static NamedReference ref(String name) throws InvalidReferenceException {
    return References.parseNormalizedNamed(name).withDefaultTag();
  }
}
