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
        "VOLUME /data /logs", "EXPOSE 8000-8002/UDP 9000", "WORKDIR /srv",
        "WORKDIR app/../web", "USER nobody", "ENV PATH /bin:/usr/bin", "STOPSIGNAL SIGTERM",
        "ONBUILD RUN make"));
    assertThat(config.get("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo $HOME\"]");
    assertThat(config.get("Entrypoint").toString()).isEqualTo("[\"/init\"]");
    assertThat(config.get("Volumes").toString()).isEqualTo("{\"/data\":{},\"/logs\":{}}");
    assertThat(config.get("ExposedPorts").toString()).isEqualTo(
        "{\"8000/udp\":{},\"8001/udp\":{},\"8002/udp\":{},\"9000/tcp\":{}}");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/srv/web");
    assertThat(config.get("User").asText()).isEqualTo("nobody");
    assertThat(config.get("Env").toString()).isEqualTo("[\"PATH=/bin:/usr/bin\"]");
    assertThat(config.get("StopSignal").asText()).isEqualTo("SIGTERM");
    assertThat(config.get("OnBuild").toString()).isEqualTo("[\"RUN make\"]");
  }

  /** WORKDIR and USER take their whole argument as one word: quotes go, blanks stay. */
  @Test
  void a_single_quoted_argument_keeps_its_blanks_as_they_are() {
    ObjectNode config = ImportChanges.apply(List.of("WORKDIR '/my dir'", "USER 'my user'"));
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/my dir");
    assertThat(config.get("User").asText()).isEqualTo("my user");
  }

  /** STOPSIGNAL keeps what it is given, once moby's signal parser reads it as a signal. */
  @Test
  void a_stop_signal_is_a_linux_signal_name_or_a_nonzero_number() {
    for (String signal : List.of("SIGTERM", "term", "SIGRTMIN+3", "rtmax-14", "9", "-1")) {
      assertThat(ImportChanges.apply(List.of("STOPSIGNAL " + signal)).get("StopSignal")
          .asText()).isEqualTo(signal);
    }
    for (String signal : List.of("SIGBOGUS", "0", "'SIG TERM'", "RTMIN+16",
        "99999999999999999999")) {
      String shown = signal.replace("'", "");
      assertThatThrownBy(() -> ImportChanges.apply(List.of("STOPSIGNAL " + signal)))
          .as(signal).isInstanceOf(RejectedException.class)
          .hasMessage("invalid signal: " + shown);
    }
  }

  /** Healthcheck sits between Cmd and Image, as in dockerd's ContainerConfig; zeros omitted. */
  @Test
  void healthcheck_none_disables_and_sits_where_dockerd_puts_it() {
    ObjectNode config = ImportChanges.apply(List.of("CMD [\"/run\"]", "HEALTHCHECK NONE"));
    assertThat(config.toString()).contains(
        "\"Cmd\":[\"/run\"],\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Image\":\"\"");
  }

  @Test
  void healthcheck_cmd_takes_its_options_in_nanoseconds() {
    ObjectNode config = ImportChanges.apply(List.of("HEALTHCHECK --interval=5s "
        + "--timeout=1m30s --start-period=100ms --start-interval=1.5s --retries=3 "
        + "CMD curl -f http://localhost/ || exit 1"));
    assertThat(config.get("Healthcheck").toString()).isEqualTo("{\"Test\":[\"CMD-SHELL\","
        + "\"curl -f http://localhost/ || exit 1\"],\"Interval\":5000000000,"
        + "\"Timeout\":90000000000,\"StartPeriod\":100000000,\"StartInterval\":1500000000,"
        + "\"Retries\":3}");
    assertThat(ImportChanges.apply(List.of("healthcheck --interval=0s --retries=0 "
        + "cmd [\"/check\", \"--fast\"]")).get("Healthcheck").toString())
        .isEqualTo("{\"Test\":[\"CMD\",\"/check\",\"--fast\"]}");
    assertThat(ImportChanges.apply(List.of("HEALTHCHECK CMD a", "HEALTHCHECK --timeout=2h "
        + "CMD b")).get("Healthcheck").toString())
        .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"b\"],\"Timeout\":7200000000000}");
  }

  /** Flags come off every instruction; only those that read them check them. */
  @Test
  void flags_are_read_only_where_dockerd_reads_them() {
    assertThat(ImportChanges.apply(List.of("STOPSIGNAL --any=thing SIGKILL"))
        .get("StopSignal").asText()).isEqualTo("SIGKILL");
    assertThat(ImportChanges.apply(List.of("HEALTHCHECK --bogus NONE"))
        .get("Healthcheck").toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
    assertThat(ImportChanges.apply(List.of("HEALTHCHECK --retries=\"2\" -- CMD true"))
        .get("Healthcheck").toString())
        .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Retries\":2}");
  }

  /** CMD and ENTRYPOINT may be empty ([] in the config); USER takes exactly one word. */
  @Test
  void an_instruction_without_arguments_is_judged_by_its_own_rule() {
    assertThat(ImportChanges.apply(List.of("CMD")).get("Cmd").toString()).isEqualTo("[]");
    assertThat(ImportChanges.apply(List.of("ENTRYPOINT []")).get("Entrypoint").toString())
        .isEqualTo("[]");
    expectRefused("USER", "USER requires exactly one argument");
    expectRefused("WORKDIR", "WORKDIR requires exactly one argument");
    expectRefused("ENV", "ENV requires at least one argument");
  }

  @Test
  void healthcheck_options_dockerd_refuses_are_refused_with_its_message() {
    expectRefused("HEALTHCHECK", "HEALTHCHECK requires at least one argument");
    expectRefused("HEALTHCHECK --interval=5s", "HEALTHCHECK requires at least one argument");
    expectRefused("HEALTHCHECK NONE now", "HEALTHCHECK NONE takes no arguments");
    expectRefused("HEALTHCHECK RUN true", "Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
    expectRefused("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD");
    expectRefused("HEALTHCHECK CMD []", "Missing command after HEALTHCHECK CMD");
    expectRefused("HEALTHCHECK --every=5s CMD true", "Unknown flag: every");
    expectRefused("HEALTHCHECK --interval CMD true", "Missing a value on flag: interval");
    expectRefused("HEALTHCHECK --retries=1 --retries=2 CMD true",
        "Duplicate flag specified: retries");
    expectRefused("HEALTHCHECK --interval=500us CMD true",
        "Interval \"interval\" cannot be less than 1ms");
    expectRefused("HEALTHCHECK --start-interval=-1s CMD true",
        "Interval \"start-interval\" cannot be less than 1ms");
    expectRefused("HEALTHCHECK --timeout=5 CMD true", "time: missing unit in duration \"5\"");
    expectRefused("HEALTHCHECK --timeout=5d CMD true",
        "time: unknown unit \"d\" in duration \"5d\"");
    expectRefused("HEALTHCHECK --start-period=soon CMD true",
        "time: invalid duration \"soon\"");
    expectRefused("HEALTHCHECK --retries=-1 CMD true", "--retries cannot be negative (-1)");
    expectRefused("HEALTHCHECK --retries=x CMD true",
        "strconv.ParseInt: parsing \"x\": invalid syntax");
    expectRefused("HEALTHCHECK --retries=3000000000 CMD true",
        "strconv.ParseInt: parsing \"3000000000\": value out of range");
  }

  @Test
  void what_dockerd_refuses_is_refused_with_its_message() {
    expectRefused("FROM scratch", "from is not a valid change command");
    expectRefused("ADD . /", "add is not a valid change command");
    expectRefused("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    expectRefused("ONBUILD FROM x", "FROM isn't allowed as an ONBUILD trigger");
    expectRefused("ONBUILD ENV x", "ENV must have two arguments");
    expectRefused("EXPOSE http", "invalid containerPort: http");
    expectRefused("ENV x", "ENV must have two arguments");
    expectRefused("ENV a=1 b", "Syntax error - can't find = in \"b\". Must be of the form: name=value");
    expectRefused("ENV =x", "ENV names can not be blank");
    expectRefused("CMD [\"a\", 1]",
        "when using JSON array syntax, arrays must be comprised of strings only");
    expectRefused("WORKDIR --mode=x /srv", "Unknown flag: mode");
    expectRefused("USER --name=x", "USER requires exactly one argument");
  }

  /**
   * dockerd parses every change before it applies any: a later change's syntax error or
   * instruction wins over an earlier change's expansion error.
   */
  @Test
  void every_change_is_parsed_before_any_is_applied() {
    expectRefused(List.of("WORKDIR ${A", "FROM scratch"), "from is not a valid change command");
    expectRefused(List.of("WORKDIR ${A", "ENV x"), "ENV must have two arguments");
    expectRefused(List.of("WORKDIR ${A", "HEALTHCHECK BOGUS x"),
        "Unknown type \"BOGUS\" in HEALTHCHECK (try CMD)");
  }

  static void expectRefused(String change, String message) {
    expectRefused(List.of(change), message);
  }

  static void expectRefused(List<String> changes, String message) {
    assertThatThrownBy(() -> ImportChanges.apply(changes))
        .isInstanceOf(RejectedException.class).hasMessage(message);
  }
}
