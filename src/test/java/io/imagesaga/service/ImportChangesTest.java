package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.RejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docker import --change}: each instruction dockerd allows, as its dispatchers apply it. */
class ImportChangesTest {
  @Test
  void no_changes_give_dockerds_empty_config() {
    ObjectNode config = ImportChanges.apply(List.of());
    assertThat(config.toString()).isEqualTo("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\","
        + "\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,"
        + "\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":null,\"Cmd\":null,\"Image\":\"\","
        + "\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,"
        + "\"Labels\":null}");
  }

  @Test
  void shell_forms_run_in_sh_and_words_lose_their_quotes() {
    ObjectNode config = ImportChanges.apply(List.of("cmd echo $HOME", "ENTRYPOINT [\"/init\"]",
        "VOLUME /data \"/my logs\"", "EXPOSE 8000-8002/UDP 9000", "WORKDIR /srv",
        "WORKDIR app/../web", "USER nobody", "ENV PATH /bin:/usr/bin", "STOPSIGNAL SIGTERM",
        "ONBUILD RUN make"));
    assertThat(config.get("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo $HOME\"]");
    assertThat(config.get("Entrypoint").toString()).isEqualTo("[\"/init\"]");
    assertThat(config.get("Volumes").toString()).isEqualTo("{\"/data\":{},\"/my logs\":{}}");
    assertThat(config.get("ExposedPorts").toString()).isEqualTo(
        "{\"8000/udp\":{},\"8001/udp\":{},\"8002/udp\":{},\"9000/tcp\":{}}");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/srv/web");
    assertThat(config.get("User").asText()).isEqualTo("nobody");
    assertThat(config.get("Env").toString()).isEqualTo("[\"PATH=/bin:/usr/bin\"]");
    assertThat(config.get("StopSignal").asText()).isEqualTo("SIGTERM");
    assertThat(config.get("OnBuild").toString()).isEqualTo("[\"RUN make\"]");
  }

  /** WORKDIR and STOPSIGNAL take their whole argument as one word: quotes go, blanks stay. */
  @Test
  void a_single_quoted_argument_keeps_its_blanks_as_they_are() {
    ObjectNode config = ImportChanges.apply(List.of("WORKDIR '/my dir'",
        "STOPSIGNAL 'SIG TERM'"));
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/my dir");
    assertThat(config.get("StopSignal").asText()).isEqualTo("SIG TERM");
  }

  @Test
  void what_dockerd_refuses_is_refused_with_its_message() {
    expectRefused("FROM scratch", "from is not a valid change command");
    expectRefused("ADD . /", "add is not a valid change command");
    expectRefused("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    expectRefused("ONBUILD FROM x", "FROM isn't allowed as an ONBUILD trigger");
    expectRefused("EXPOSE http", "invalid containerPort: http");
    expectRefused("ENV =x", "Syntax error - can't find = in \"=x\". Must be of the form: name=value");
    expectRefused("CMD", "CMD requires at least one argument");
  }

  private static void expectRefused(String change, String message) {
    assertThatThrownBy(() -> ImportChanges.apply(List.of(change)))
        .isInstanceOf(RejectedException.class).hasMessage(message);
  }
}
