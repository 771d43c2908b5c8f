package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void renders_header_separator_and_rows() {
    String table = new MarkdownTable("figure", "measured").row("rmi p50", "1.2 ms")
        .row("load", "3 s").toString();
    assertThat(table).isEqualTo("""
        | figure | measured |
        |---|---|
        | rmi p50 | 1.2 ms |
        | load | 3 s |
        """);
  }

  @Test
  void a_pipe_or_newline_in_a_cell_does_not_split_the_row() {
    String table = new MarkdownTable("a").row("x | y\nz").toString();
    assertThat(table.lines()).containsExactly("| a |", "|---|", "| x \\| y z |");
  }

  @Test
  void a_row_must_fill_every_column() {
    assertThatThrownBy(() -> new MarkdownTable("a", "b").row("only one"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells");
  }
}
