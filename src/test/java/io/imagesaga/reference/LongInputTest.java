package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Names come from clients: however long, they are answered with dockerd's message. Java's regex
 * engine recurses once per repetition of a group, so a group repeated without bound overflowed
 * the stack on a long enough name, and the fatal error took the whole node down.
 */
class LongInputTest {
  private static final int LONG = 200_000;

  @Test
  void a_name_of_many_dotted_components_is_too_long_not_a_crash() {
    String name = "a" + ".a".repeat(LONG);

    assertThatThrownBy(() -> References.parseNormalizedNamed(name))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage("repository name must not be more than 255 characters");
  }

  @Test
  void every_separator_of_the_path_grammar_still_reads_in_a_long_component() {
    String component = "a" + ".a_a__a-a--a".repeat(LONG / 12);

    assertThatThrownBy(() -> References.parseAny(component))
        .hasMessage("repository name must not be more than 255 characters");
    assertThatThrownBy(() -> References.parseAny(component + "___a"))
        .hasMessage("invalid reference format");
  }

  @Test
  void a_digest_with_a_long_algorithm_is_refused_not_a_crash() {
    String algorithm = "a" + "+a".repeat(LONG);

    assertThatThrownBy(() -> Digest.parse(algorithm + ":" + "0".repeat(64)))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> References.parseAny("app@" + algorithm + ":" + "0".repeat(64)))
        .isInstanceOf(InvalidReferenceException.class);
  }

  @Test
  void short_names_read_as_before() throws Exception {
    assertThat(References.parseNormalizedNamed("x/a.b_c__d-e--f:1").name())
        .isEqualTo("docker.io/x/a.b_c__d-e--f");
    assertThatThrownBy(() -> References.parseNormalizedNamed("x/a___b"))
        .hasMessage("invalid reference format");
  }
}
