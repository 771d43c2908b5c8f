package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Rejection;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code docker load} over HTTP against one test node, and what a refused load must leave as it
 * was: the image and container lists, the blob store, the journal, and the staging directory.
 */
final class LoadProbe {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeExtension node;

  LoadProbe(NodeExtension node) {
    this.node = node;
  }

  /** Everything a refused load must not change; {@code blobBytes} counts every blob stored. */
  record State(String images, String containers, long blobFiles, long blobBytes,
      long journalEvents, List<String> staged) {}

  State state() throws Exception {
    Path blobs = node.dataDir().resolve("blobs");
    return new State(get("/v1.47/images/json?all=1"), get("/v1.47/containers/json?all=1"),
        files(blobs).size(), bytes(blobs), get("/imagesaga/audit/journal").lines().count(),
        files(node.dataDir().resolve("tmp")).stream().map(Path::toString).toList());
  }

  /** The bytes of the layer blobs stored now. */
  long layerBytes() throws IOException {
    return bytes(node.dataDir().resolve("blobs").resolve("layers"));
  }

  /** {@code docker image inspect NAME}'s JSON. */
  JsonNode inspect(String name) throws Exception {
    return JSON.readTree(get("/v1.47/images/" + name + "/json"));
  }

  HttpResponse<String> load(byte[] tar) throws Exception {
    return CLIENT.send(request("/v1.47/images/load?quiet=1")
        .header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON messages of a load answer, which must be a 200 {@code application/json} stream. */
  static List<JsonNode> messages(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    List<JsonNode> messages = new ArrayList<>();
    for (String line : answer.body().split("\r?\n")) {
      if (!line.isBlank()) {
        messages.add(JSON.readTree(line));
      }
    }
    return messages;
  }

  /**
   * The error a refused load's stream ends with, as dockerd writes it, after no
   * {@code Loaded image} line; never the text of an internal failure.
   */
  static String streamError(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = messages(answer);
    assertThat(messages).as(answer.body()).isNotEmpty();
    assertThat(messages).as(answer.body()).noneMatch(m -> m.path("stream").asText()
        .startsWith("Loaded image"));
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(last.has("error")).as(answer.body()).isTrue();
    assertThat(last.path("errorDetail").path("message").asText())
        .isEqualTo(last.path("error").asText());
    assertThat(last.path("error").asText()).as("an archive's fault, not the node's")
        .isNotEqualTo(Rejection.INTERNAL);
    return last.path("error").asText();
  }

  /** The {@code stream} lines of a load that succeeded. */
  static List<String> loaded(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = messages(answer);
    assertThat(messages).as(answer.body()).noneMatch(m -> m.has("error"));
    return messages.stream().map(m -> m.path("stream").asText().strip()).toList();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> answer = CLIENT.send(request(path).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path).isEqualTo(200);
    return answer.body();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(Duration.ofSeconds(120));
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted()
          .toList();
    }
  }

  private static long bytes(Path root) throws IOException {
    return files(root).stream().mapToLong(f -> f.toFile().length()).sum();
  }
}
