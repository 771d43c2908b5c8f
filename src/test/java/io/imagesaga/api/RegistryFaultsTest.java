package io.imagesaga.api;

import static io.imagesaga.api.PullProbe.failedBeforeStream;
import static io.imagesaga.api.PullProbe.failedInStream;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.HostileRegistry;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry's faults that tell no lie about content (a config that is no JSON, a connection
 * reset or cut short, https to a host that answers in plain HTTP, a token that cannot be sent)
 * fail the pull with what happened, as the registry's fault and in dockerd's words where it has
 * them, never as an internal error of this node; and store nothing.
 */
class RegistryFaultsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final PullProbe PROBE = new PullProbe(NODE);

  private HostileRegistry registry;

  @BeforeEach
  void start() throws IOException {
    registry = new HostileRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void a_config_that_is_no_json_is_the_registrys_fault() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/notjson", "1")))
        .isEqualTo("registry sent no JSON for config " + registry.notJsonDigest());
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_connection_reset_before_any_answer_names_the_request() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/reset", "1")))
        .isEqualTo("Get \"http://127.0.0.1:" + registry.breakerPort() + "/early/1\":"
            + " connection reset");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_body_cut_short_names_the_request() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/cut", "1")))
        .isEqualTo("Get \"http://127.0.0.1:" + registry.breakerPort() + "/late/"
            + registry.layerDigest() + "\": unexpected EOF");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void https_to_a_host_that_answers_in_plain_http_fails_as_dockerd_says() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/tls", "1")))
        .isEqualTo("Get \"https://127.0.0.1:" + registry.breakerPort() + "/blobs/"
            + registry.layerDigest() + "\": http: server gave HTTP response to HTTPS client");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_token_that_cannot_be_sent_in_a_header_is_refused() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/crlf", "1")))
        .isEqualTo("token realm http://" + registry.host() + "/token/crlf sent a token that"
            + " cannot be sent in a header");
    assertThat(PROBE.stored()).isEqualTo(before);
  }
}
