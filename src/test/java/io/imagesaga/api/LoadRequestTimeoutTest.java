package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.api.RawConnection.Response;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load answers once its whole body is in, however long the upload takes: the server's
 * request-timeout (here 1 s, 90 s in conf/limits.conf) does not cut a slow upload off with a
 * 503. Pekko HTTP counts it from the end of the request (its {@code TimeoutAccess}), where the
 * load's answer starts; and a load runs without it anyway ({@code withoutRequestTimeout}), as it
 * may wait for its turn ({@link Admission}) before it reads.
 */
class LoadRequestTimeoutTest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(
      Map.of("imagesaga.limits.request-timeout", REQUEST_TIMEOUT.toMillis() + "ms"));
  private static final HttpClient client = HttpClient.newHttpClient();

  @Test
  void a_body_that_takes_longer_than_the_request_timeout_still_gets_its_answer()
      throws Exception {
    // Padded as Python's tarfile pads: the archive ends (and loads) before the body does.
    byte[] tar = tarfilePadded(
        TestArchives.tar(TestArchives.image("slow-upload").entries("slow/upload:1")));
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.startLoad();
      connection.chunk(tar);
      awaitStatus(probe, "/v1.47/images/slow/upload:1/json", 200);
      // What is tested is time passing: the body stays open past the request-timeout.
      probe.expectNoMessage(REQUEST_TIMEOUT.multipliedBy(3));
      connection.lastChunk();
      Response answer = connection.read();

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("{\"stream\":\"Loaded image: slow/upload:1\\n\"}\n");
    }
  }

  private static byte[] tarfilePadded(byte[] tar) {
    int record = 20 * 512;
    return Arrays.copyOf(tar, (tar.length + record - 1) / record * record);
  }

  private static void awaitStatus(TestProbe<Object> probe, String path, int status) {
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + NODE.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
      return null;
    });
  }
}
