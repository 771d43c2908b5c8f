package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.HostileRegistry;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one pull may download and decompress. A verified layer can still decompress to far more
 * than it weighs: what one pull decompresses is bounded by
 * {@code imagesaga.registry.max-uncompressed-bytes}, as a load's is by its own limit; here the
 * limit is smaller than the registry's one small layer. Every byte a pull reads from a registry
 * counts against {@code max-download-bytes} as it streams, manifests included; here 64 KiB,
 * far more than the honest pull needs.
 */
class PullBudgetTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(
      Map.of("imagesaga.registry.max-uncompressed-bytes", "1 KiB",
          "imagesaga.registry.max-download-bytes", "64 KiB"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void a_pull_whose_layers_decompress_past_the_limit_fails_and_stores_nothing()
      throws Exception {
    String before = get("/images/json?all=1");
    long records = get("/imagesaga/audit/journal").lines().count();
    try (HostileRegistry registry = new HostileRegistry()) {
      HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + NODE.port() + "/images/create?fromImage="
                  + registry.host() + "/hostile/honest&tag=1"))
          .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      String[] lines = answer.body().split("\n");
      assertThat(JSON.readTree(lines[lines.length - 1]).path("error").asText())
          .as(answer.body()).endsWith("(imagesaga.registry.max-uncompressed-bytes)");
    }
    assertThat(get("/images/json?all=1")).isEqualTo(before);
    assertThat(get("/imagesaga/audit/journal").lines().count()).isEqualTo(records);
  }

  @Test
  void a_pull_that_reads_past_the_download_limit_fails_as_it_streams() throws Exception {
    try (HostileRegistry registry = new HostileRegistry()) {
      // A manifest of 4 MiB: within max-manifest-bytes, past what this pull may download.
      HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + NODE.port() + "/images/create?fromImage="
                  + registry.host() + "/hostile/huge&tag=1"))
          .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
      assertThat(JSON.readTree(answer.body()).path("message").asText()).isEqualTo(
          "pull downloaded more than 65536 bytes (imagesaga.registry.max-download-bytes)");
    }
  }

  private static String get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
        + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
