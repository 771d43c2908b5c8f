package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loads, pulls and saves are let in one at a time here, none waiting. The pulls and saves run
 * first, so that the load's test runs on a node that has served them: a slow client's load
 * must not be cut short there either (docs/security.md, "Admission").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionRoutesTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.admission.loads.permits", "1",
      "imagesaga.limits.admission.loads.queue", "0",
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
  @Order(1)
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

  /**
   * While a load runs, its client pausing inside the body, another is refused 503 with
   * {@code Retry-After}; the paused load then loads once the rest of its body arrives, and the
   * next is let in. The second load is sent only once the first holds
   * its turn (its work directory exists: the loader runs only with a turn), never before: sent
   * earlier, it could take the turn itself and have the first refused.
   */
  @Test
  @Order(2)
  void a_load_past_the_permits_is_503_until_the_running_one_ends() throws Exception {
    byte[] tar = TestArchives.tar(TestArchives.image("admitted").entries("admission/first:1"));
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    try (RawConnection running = new RawConnection(NODE.port())) {
      running.startLoad();
      running.chunk(Arrays.copyOf(tar, 512));
      probe.awaitAssert(Duration.ofSeconds(30),
          () -> assertThat(loadWorkDirs()).as("the running load's work directory").hasSize(1));

      HttpResponse<String> refused = load("not an archive".getBytes(StandardCharsets.UTF_8));
      assertThat(refused.statusCode()).as("the second load, let in while the first should"
          + " hold the turn, answered %s", refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("7");
      assertThat(refused.body()).isEqualTo("{\"message\":\"too many loads at once: 1 running"
          + " and 0 waiting; try again in 7s\"}");

      running.chunk(Arrays.copyOfRange(tar, 512, tar.length));
      running.lastChunk();
      RawConnection.Response loaded = running.read();
      assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
      assertThat(loaded.text()).isEqualTo("{\"stream\":\"Loaded image: admission/first:1\\n\"}\n");
    }
    byte[] next = TestArchives.tar(TestArchives.image("admitted-next")
        .entries("admission/next:1"));
    HttpResponse<String> letIn = admitted(() -> load(next));
    assertThat(letIn.statusCode()).isEqualTo(200);
    assertThat(letIn.body()).contains("Loaded image: admission/next:1");
  }

  /** The loads' work directories under {@code <data-dir>/tmp} now. */
  private static List<Path> loadWorkDirs() throws IOException {
    Path tmp = NODE.dataDir().resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(tmp)) {
      return dirs.filter(dir -> dir.getFileName().toString().startsWith("load-")).toList();
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

  private static HttpResponse<String> load(byte[] tar) throws Exception {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/v1.47/images/load?quiet=1"))
        .header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
