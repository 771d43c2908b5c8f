package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pulls and saves are let in one at a time here, none waiting, and a turn ends with its work,
 * however it ends: the next pull or save is let in.
 */
class AdmissionTurnsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.admission.pulls.permits", "1",
      "imagesaga.limits.admission.pulls.queue", "0",
      "imagesaga.limits.admission.saves.permits", "1",
      "imagesaga.limits.admission.saves.queue", "0",
      "imagesaga.limits.admission.retry-after", "7s"));
  private static final HttpClient client = HttpClient.newHttpClient();

  /**
   * A turn ends with its work, however it ends: the next pull or save is let in. A client may
   * have read the whole answer a moment before the node gives the turn back, so each request
   * is tried again while it is refused 503, within a bound: a turn never given back fails it.
   */
  @Test
  void pulls_and_saves_give_their_turn_back_when_they_end() throws Exception {
    try (TestRegistry registry = new TestRegistry()) {
      String app = registry.host() + "/team/app";
      assertThat(admitted(() -> pull(app)).statusCode()).isEqualTo(200);
      assertThat(admitted(() -> pull(registry.host() + "/team/broken")).body())
          .contains("errorDetail");
      assertThat(admitted(() -> pull(registry.host() + "/team/nothing")).statusCode())
          .isEqualTo(404);
      HttpResponse<String> again = admitted(() -> pull(app));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        assertThat(admitted(() -> save(app + ":1")).statusCode()).isEqualTo(200);
      }
      assertThat(admitted(() -> save("admission/none")).statusCode()).isEqualTo(404);
      assertThat(admitted(() -> save(app + ":1")).statusCode()).isEqualTo(200);
    }
  }

  /** A request that needs a turn, tried again while it is refused 503, for at most 30 s. */
  private static HttpResponse<String> admitted(Callable<HttpResponse<String>> request) {
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    return probe.awaitAssert(Duration.ofSeconds(30), () -> {
      HttpResponse<String> answer = request.call();
      assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(503);
      return answer;
    });
  }

  private static HttpResponse<String> save(String names) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
        + "/v1.47/images/get?names=" + names)).build(), HttpResponse.BodyHandlers.ofString(
        StandardCharsets.ISO_8859_1));
  }

  private static HttpResponse<String> pull(String image) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
            + "/v1.47/images/create?fromImage=" + image + "&tag=1"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
