package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request that has not started its answer within {@code request-timeout} (here 1 s, shorter
 * than the ask it waits on) gets dockerd's JSON error body with a 503, as every other failure
 * does, not the server's plain-text one.
 */
class RequestTimeoutAnswerTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.request-timeout", "1s",
      "imagesaga.ask-timeout", "20s"));
  private static final ImageId MUTE =
      ImageId.fromConfig("never answers in time".getBytes(StandardCharsets.UTF_8));

  @Test
  void a_request_past_the_request_timeout_is_a_json_503() throws Exception {
    // A journal whose first event is not the entity's: it never finishes recovering.
    JournalWriter.append(NODE.driver().node().system(), ImageEntity.persistenceId(MUTE),
        "unreplayable", List.of(new OperationEvent.Completed(Instant.now())));

    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/v1.47/images/" + MUTE.hex()
                + "/json")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(answer.body()).isEqualTo("{\"message\":\"the node did not answer within 1s"
        + " (imagesaga.limits.request-timeout); what the request started carries on, so check"
        + " the outcome before trying again\"}");
  }
}
