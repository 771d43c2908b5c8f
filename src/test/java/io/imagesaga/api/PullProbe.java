package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pulls over HTTP as the docker CLI asks for them, what their answers say, and what a failed
 * pull must leave as it was (catalog, blobs, staging, journal).
 */
final class PullProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final NodeExtension node;

  PullProbe(NodeExtension node) {
    this.node = node;
  }

  /** What a failed pull must leave as it was. */
  record Stored(String images, List<String> configs, List<String> layers, List<String> staged,
      long journalRecords) {}

  Stored stored() throws Exception {
    Path data = node.dataDir();
    return new Stored(get("/v1.47/images/json?all=1"), files(data.resolve("blobs/sha256")),
        files(data.resolve("blobs/layers")), files(data.resolve("tmp")),
        get("/imagesaga/audit/journal").lines().count());
  }

  /** A pull as the docker CLI asks for it; a minute bounds a pull that would never end. */
  HttpResponse<String> pull(String image, String tag) throws Exception {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
            + "/v1.47/images/create?fromImage=" + image + "&tag=" + tag))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).get(1, TimeUnit.MINUTES);
  }

  /** The error status a pull answers before its stream: dockerd's 500 for a registry's fault. */
  static String failedBeforeStream(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    assertThat(answer.headers().firstValue("Transfer-Encoding")).isEmpty();
    return JSON.readTree(answer.body()).path("message").asText();
  }

  /** The error a pull stream ends with, after its first message and no success. */
  static String failedInStream(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = lines(answer);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(messages).as(answer.body()).hasSize(2);
    assertThat(messages.get(0).path("status").asText()).startsWith("Pulling from hostile/");
    JsonNode last = messages.get(1);
    assertThat(last.path("errorDetail").path("message").asText())
        .isEqualTo(last.path("error").asText());
    return last.path("error").asText();
  }

  static List<JsonNode> lines(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = new ArrayList<>();
    for (String line : answer.body().split("\n")) {
      if (!line.isBlank()) {
        messages.add(JSON.readTree(line));
      }
    }
    return messages;
  }

  private String get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
        + path)).timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static List<String> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
