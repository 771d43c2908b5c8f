package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pull that waits longer than {@code request-timeout} (here 1 s) before its answer starts
 * (for its turn, or for a slow registry) still gets its answer, not a 503 while it goes on:
 * loads, pulls, saves and events run without the request timeout.
 */
class LongStreamTimeoutTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.request-timeout", "1s",
      "imagesaga.limits.admission.pulls.permits", "1",
      "imagesaga.limits.admission.pulls.queue", "1",
      "imagesaga.limits.admission.queue-wait", "60s"));
  private static final HttpClient client = HttpClient.newHttpClient();

  @Test
  void a_pull_that_waits_past_the_request_timeout_gets_its_answer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    try (TestRegistry registry = new TestRegistry();
        RawConnection first = new RawConnection(NODE.port())) {
      // The registry serves blobs only once released, and nothing else meanwhile.
      registry.beforeBlob(digest -> await(release));
      first.send("POST", "/v1.47/images/create?fromImage=" + registry.host()
          + "/team/app&tag=1", Map.of("Host", "localhost", "Content-Length", "0"));
      assertThat(first.head().status()).isEqualTo(200);
      assertThat(first.chunk()).contains("Pulling from team/app");

      CompletableFuture<HttpResponse<String>> second = client.sendAsync(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + NODE.port() + "/v1.47/images/create?fromImage="
                  + registry.host() + "/team/app&tag=1"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      // What is tested is time passing: twice the request timeout before the second can start.
      probe.expectNoMessage(Duration.ofSeconds(2));
      release.countDown();

      HttpResponse<String> answer = second.get(60, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).contains("Pulling from team/app");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
