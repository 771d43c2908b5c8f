package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dockerd joins a commit's or an import's changes into one Dockerfile and reads its lines. */
class DockerfileLinesTest {

  @Test
  void a_trailing_escape_continues_the_line_past_comments_and_blank_lines() {
    assertThat(DockerfileLines.of("CMD echo \\\n# note\n\n   one \\  \n two"))
        .containsExactly("CMD echo    one  two");
    assertThat(DockerfileLines.of("  ENV A=1\nUSER x\\")).containsExactly("ENV A=1", "USER x");
  }

  @Test
  void only_comments_and_blanks_are_no_instructions() {
    for (String text : List.of("", "# a comment", "\n  \n# two\n")) {
      assertThatThrownBy(() -> DockerfileLines.of(text)).as(text)
          .isInstanceOf(RejectedException.class).hasMessage("file with no instructions");
    }
  }

  @Test
  void changes_are_one_dockerfile_so_a_change_may_go_on_in_the_next() {
    assertThat(ImportChanges.apply(List.of("CMD echo \\", "hi")).get("Cmd").toString())
        .isEqualTo("[\"/bin/sh\",\"-c\",\"echo hi\"]");
    assertThat(ImportChanges.apply(List.of("USER a\nWORKDIR /w")).get("WorkingDir").asText())
        .isEqualTo("/w");
    assertThat(ImportChanges.apply(List.of()).get("Cmd").isNull()).isTrue();
    ImportChangesTest.expectRefused(List.of("# only a comment"), "file with no instructions");
  }
}
