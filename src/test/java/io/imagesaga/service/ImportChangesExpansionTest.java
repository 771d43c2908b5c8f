package io.imagesaga.service;

import static io.imagesaga.service.ImportChangesTest.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Variables in {@code docker import --change}: dockerd expands them in ENV, LABEL, EXPOSE, USER,
 * VOLUME, WORKDIR and STOPSIGNAL with the environment the earlier changes built, never in CMD,
 * ENTRYPOINT, HEALTHCHECK or ONBUILD; quotes and escapes are the lexer's.
 */
class ImportChangesExpansionTest {
  @Test
  void the_instructions_that_expand_use_the_environment_of_the_earlier_changes() {
    ObjectNode config = ImportChanges.apply(List.of("ENV A=1 PORTS=\"80 443/udp\" S=TERM",
        "ENV B=${A}0 C=${U:-dflt} D=$B", "WORKDIR /x/$A", "WORKDIR ${B}", "USER u$A:g${A}",
        "LABEL l$A=\"v $A\" other=${C:+set}", "VOLUME /v/$A [\"/j/$B\"]", "EXPOSE $PORTS 9$A",
        "STOPSIGNAL SIG$S", "CMD echo $A", "ENTRYPOINT [\"$A\"]", "HEALTHCHECK CMD test $A",
        "ONBUILD RUN echo $A"));
    assertThat(config.get("Env").toString()).isEqualTo(
        "[\"A=1\",\"PORTS=80 443/udp\",\"S=TERM\",\"B=10\",\"C=dflt\",\"D=\"]");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/x/1/10");
    assertThat(config.get("User").asText()).isEqualTo("u1:g1");
    assertThat(config.get("Labels").toString()).isEqualTo("{\"l1\":\"v 1\",\"other\":\"set\"}");
    assertThat(config.get("Volumes").toString()).isEqualTo("{\"/v/1\":{},\"[/j/10]\":{}}");
    assertThat(config.get("ExposedPorts").toString())
        .isEqualTo("{\"443/udp\":{},\"80/tcp\":{},\"91/tcp\":{}}");
    assertThat(config.get("StopSignal").asText()).isEqualTo("SIGTERM");
    assertThat(config.get("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo $A\"]");
    assertThat(config.get("Entrypoint").toString()).isEqualTo("[\"$A\"]");
    assertThat(config.get("Healthcheck").toString())
        .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"test $A\"]}");
    assertThat(config.get("OnBuild").toString()).isEqualTo("[\"RUN echo $A\"]");
  }

  /** A JSON-form VOLUME is expanded too; an ENV replaced keeps its place in Env. */
  @Test
  void a_replaced_variable_keeps_its_place_and_json_volumes_expand() {
    ObjectNode config = ImportChanges.apply(List.of("ENV A=1 B=2", "ENV A=${B}${A}",
        "VOLUME [\"/data/$A\", \"/logs\"]"));
    assertThat(config.get("Env").toString()).isEqualTo("[\"A=21\",\"B=2\"]");
    assertThat(config.get("Volumes").toString()).isEqualTo("{\"/data/21\":{},\"/logs\":{}}");
  }

  @Test
  void escapes_and_single_quotes_keep_a_dollar() {
    ObjectNode config = ImportChanges.apply(List.of("ENV A=1", "WORKDIR /\\$A",
        "USER '$A'", "LABEL k=\"\\$A $A\"", "ENV P /opt/$A/bin"));
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/$A");
    assertThat(config.get("User").asText()).isEqualTo("$A");
    assertThat(config.get("Labels").toString()).isEqualTo("{\"k\":\"$A 1\"}");
    assertThat(config.get("Env").toString()).isEqualTo("[\"A=1\",\"P=/opt/1/bin\"]");
  }

  @Test
  void a_bad_substitution_refuses_the_import_with_dockerds_message() {
    expectRefused("WORKDIR /x/${A", "failed to process \"/x/${A\": "
        + "unsupported modifier (\uFFFD) in substitution");
    expectRefused("USER ${}", "failed to process \"${}\": syntax error: bad substitution");
    expectRefused("USER ${B:?is required}", "failed to process \"${B:?is required}\": "
        + "B: is required");
    expectRefused("ENV A=\"${B:?}\"", "failed to process \"\\\"${B:?}\\\"\": "
        + "B: is not allowed to be unset");
    expectRefused("VOLUME /data \"/my logs\"", "failed to process \"\\\"/my\": "
        + "unexpected end of statement while looking for matching double-quote");
    expectRefused(List.of("ENV E=", "VOLUME $E"), "VOLUME specified can not be an empty string");
  }
}
