package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared fixture and helpers of the malformed-input tests (one node per test class):
 * malformed input over raw HTTP: bad references in every route that takes a name, bad
 * {@code filters} JSON, bad query values and hostile {@code docker load} archives. Each gets
 * dockerd 28's answer (status and exact {@code {"message":...}}, or the error inside the load
 * stream) and leaves the stored state as it was: the image and container lists, the layer blobs,
 * and nothing written outside the node.
 *
 * <p>Where dockerd's answer is quoted from moby rather than from {@code shared/spec}, the source
 * is named next to the case. Reference parse errors use the texts of the distribution/reference
 * that the project follows (M8 of docs/semantics.md), e.g. {@code invalid reference format: repository
 * name must be lowercase}.
 */
abstract class MalformedInputSupport {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  static final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LOWERCASE = "invalid reference format: repository name must be lowercase";
  static final String FORMAT = "invalid reference format";
  static final String HEX = "a".repeat(64);

  static ImageId app;

  /**
   * Tagged images (one with two tags and a container), a dangling one that a wrongly accepted
   * prune would remove, and the sample chain loaded over HTTP so that layer blobs exist.
   */
  @BeforeAll
  static void fixture() throws Exception {
    NodeDriver node = NODE.driver();
    app = node.register("mal-app", Optional.empty(), List.of(diffId("mal-app-l1")),
        "malformed/app:1", "malformed/app:2");
    node.register("mal-dangling", Optional.empty(), List.of(diffId("mal-dangling-l1")));
    assertThat(node.createContainer("malformed-c", "malformed/app:1")).isEqualTo(app.toString());
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    var loaded = load(sample.toByteArray());
    assertThat(loaded.body()).contains("Loaded image: sample/app:2");
    assertThat(NODE.layerBlobs()).isEqualTo(3);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The dangling image that a prune wrongly let through would remove. */
  static void ensureDangling() {
    NODE.driver().register("mal-dangling", Optional.empty(), List.of(diffId("mal-dangling-l1")));
  }

  /** What a malformed request must not change. */
  record State(String images, String containers, long layerBlobs) {
    static State now() throws Exception {
      return new State(send("GET", "/v1.47/images/json?all=1").body(),
          send("GET", "/v1.47/containers/json?all=1").body(), NODE.layerBlobs());
    }
  }

  static HttpResponse<String> tag(String source, String query) throws Exception {
    return send("POST", "/v1.47/images/" + source + "/tag" + (query.isEmpty() ? "" : "?" + query));
  }

  static HttpResponse<String> create(String query, String image) throws Exception {
    String body = JSON.writeValueAsString(Map.of("Image", image, "Cmd", List.of("sh"),
        "Labels", Map.of(), "HostConfig", Map.of("NetworkMode", "default")));
    return client.send(request("/v1.47/containers/create" + query)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> pull(String query) throws Exception {
    return client.send(request("/v1.47/images/create?" + query)
        .header("X-Registry-Auth", "e30=")
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> load(byte[] tar) throws Exception {
    return client.send(request("/v1.47/images/load?quiet=1")
        .header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> loadConfig(String config, String tag) throws Exception {
    byte[] bytes = config.getBytes(StandardCharsets.UTF_8);
    String path = "blobs/sha256/" + Digest.sha256(bytes).encoded();
    return load(TestArchives.tar(List.of(Entry.file(path, bytes),
        Entry.file("manifest.json", TestArchives.manifest(path, List.of(), Optional.empty(),
            tag)))));
  }

  /** The JSON messages of a load answer, which must be a 200 {@code application/json} stream. */
  static List<JsonNode> messages(HttpResponse<String> answer) throws Exception {
    return LoadProbe.messages(answer);
  }

  /**
   * The error a load stream ends with ({@code {"errorDetail":{"message":m},"error":m}}), after
   * no {@code Loaded image} line; never the text of an internal failure.
   */
  static String streamError(HttpResponse<String> answer) throws Exception {
    return LoadProbe.streamError(answer);
  }

  static String imageId(String name) throws Exception {
    return JSON.readTree(send("GET", "/v1.47/images/" + name + "/json").body()).path("Id")
        .asText();
  }

  /** No file named after {@code escape} anywhere a {@code ../} or {@code /} entry could reach. */
  static void assertNothingEscaped(String escape) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> places = List.of(tmp, Path.of("/tmp"), Path.of("/"), NODE.dataDir(),
        NODE.dataDir().getParent(), Path.of("").toAbsolutePath());
    for (Path place : places) {
      for (String suffix : List.of("", "-deep", "-absolute")) {
        assertThat(Files.exists(place.resolve(escape + suffix)))
            .as(place.resolve(escape + suffix).toString()).isFalse();
      }
    }
  }

  /**
   * {@code {"message": message}} with exactly {@code Content-Type: application/json}; with
   * {@code softly} null, asserted at once.
   */
  static void expectError(SoftAssertions softly, HttpResponse<String> answer, int status,
      String message) {
    String what = answer.request().method() + " " + answer.request().uri().getRawPath()
        + Optional.ofNullable(answer.request().uri().getRawQuery()).map(q -> "?" + q).orElse("");
    JsonNode expected = JSON.createObjectNode().put("message", message);
    if (softly == null) {
      assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isEqualTo(status);
      assertThat(answer.headers().firstValue("Content-Type")).as(what).contains("application/json");
      assertThat(parse(answer.body())).as(what).isEqualTo(expected);
      return;
    }
    softly.assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isEqualTo(status);
    softly.assertThat(answer.headers().firstValue("Content-Type")).as(what)
        .contains("application/json");
    softly.assertThat(parse(answer.body())).as(what).isEqualTo(expected);
  }

  static String message(HttpResponse<String> answer) {
    return parse(answer.body()).path("message").asText();
  }

  static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? TextNode.valueOf(body) : node;
    } catch (Exception notJson) {
      return TextNode.valueOf(body);
    }
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path))
        .timeout(Duration.ofSeconds(60));
  }

  static HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
