package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.api.RawConnection.Response;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /images/create} answers as dockerd's pull does: a name or manifest that fails is
 * an error status; once the manifest is resolved the answer is a chunked JSON message stream
 * ({@code Pulling from} first), and a later failure is the stream's last message.
 */
class PullAnswerTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();

  @Test
  void a_pull_streams_dockerds_messages_in_order() throws Exception {
    try (TestRegistry registry = new TestRegistry();
        RawConnection connection = new RawConnection(NODE.port())) {
      Response answer = pull(connection, registry.host() + "/team/app", "1");
      expectStream(answer);
      assertThat(answer.text()).isEqualTo(
          "{\"status\":\"Pulling from team/app\",\"id\":\"1\"}\n"
              + "{\"status\":\"Digest: " + registry.manifestDigest() + "\"}\n"
              + "{\"status\":\"Status: Downloaded newer image for " + registry.host()
              + "/team/app:1\"}\n");
    }
  }

  @Test
  void a_failure_after_the_manifest_is_the_streams_last_message() throws Exception {
    try (TestRegistry registry = new TestRegistry();
        RawConnection connection = new RawConnection(NODE.port())) {
      Response answer = pull(connection, registry.host() + "/team/broken", "1");
      expectStream(answer);
      String[] messages = answer.text().split("\n");
      assertThat(messages).hasSize(2);
      assertThat(messages[0]).isEqualTo("{\"status\":\"Pulling from team/broken\",\"id\":\"1\"}");
      // The registry's answer for the missing layer blob, passed on as dockerd passes it.
      String missing = "registry answered 404 for blob sha256:[0-9a-f]{64}";
      assertThat(messages[1]).matches("\\{\"errorDetail\":\\{\"message\":\"" + missing
          + "\"\\},\"error\":\"" + missing + "\"\\}");
      connection.get("/v1.47/images/" + registry.host() + "/team/broken:1/json");
      assertThat(connection.read().status()).isEqualTo(404);
    }
  }

  @Test
  void a_manifest_that_is_not_there_is_an_error_status() throws Exception {
    try (TestRegistry registry = new TestRegistry();
        RawConnection connection = new RawConnection(NODE.port())) {
      Response answer = pull(connection, registry.host() + "/team/nothing", "1");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.header("Transfer-Encoding")).isNull();
      assertThat(answer.text()).startsWith("{\"message\":\"pull access denied for "
          + registry.host() + "/team/nothing");
    }
  }

  private static Response pull(RawConnection connection, String image, String tag)
      throws Exception {
    connection.send(("POST /v1.47/images/create?fromImage=" + image + "&tag=" + tag
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").getBytes());
    return connection.read();
  }

  private static void expectStream(Response answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.header("Transfer-Encoding")).isEqualTo("chunked");
  }
}
