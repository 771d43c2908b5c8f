package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies and what they carry are bounded (conf/limits.conf; small here): over a bound
 * the client gets a 4xx saying which, and nothing is stored.
 */
class RequestLimitsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.json-body", "64KiB",
      "imagesaga.limits.load-body", "256KiB",
      "imagesaga.limits.json-depth", "16",
      "imagesaga.limits.container-labels", "8",
      "imagesaga.limits.container-label-bytes", "64",
      "imagesaga.limits.container-cmd-bytes", "256"));
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_load_may_be_larger_than_a_json_body_but_not_than_its_own_limit() throws Exception {
    TestArchives.Image image = TestArchives.image("limits-load");
    byte[] fits = TestArchives.tar(TestArchives.with(image.entries("limits/fits:1"),
        Entry.file("padding", new byte[128 * 1024])));
    HttpResponse<String> loaded = post("/v1.47/images/load?quiet=1", fits);
    assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
    assertThat(loaded.body()).contains("Loaded image: limits/fits:1");

    TestArchives.Image big = TestArchives.image("limits-too-big");
    byte[] tooBig = TestArchives.tar(TestArchives.with(big.entries("limits/big:1"),
        Entry.file("padding", new byte[300 * 1024])));
    HttpResponse<String> refused = post("/v1.47/images/load?quiet=1", tooBig);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
    assertThat(message(refused)).isEqualTo("request body too large: " + tooBig.length
        + " bytes, the limit is 262144 bytes");
    assertThat(get("/v1.47/images/limits/big:1/json").statusCode()).isEqualTo(404);
  }

  @Test
  void a_chunked_load_that_runs_over_its_limit_stores_nothing() throws Exception {
    TestArchives.Image big = TestArchives.image("limits-chunked");
    byte[] tooBig = TestArchives.tar(TestArchives.with(big.entries("limits/chunked:1"),
        Entry.file("padding", new byte[300 * 1024])));
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.startLoad();
      for (int at = 0; at < tooBig.length; at += 16 * 1024) {
        connection.chunk(java.util.Arrays.copyOfRange(tooBig, at,
            Math.min(tooBig.length, at + 16 * 1024)));
      }
      connection.lastChunk();
      RawConnection.Response answer = connection.read();
      assertThat(answer.status()).as(answer.text()).isEqualTo(413);
      assertThat(JSON.readTree(answer.body()).path("message").asText())
          .isEqualTo("request body too large: the limit is 262144 bytes");
    }
    assertThat(get("/v1.47/images/limits/chunked:1/json").statusCode()).isEqualTo(404);
  }

  @Test
  void a_create_body_over_the_json_limit_is_413() throws Exception {
    String body = JSON.writeValueAsString(Map.of("Image", "x", "Env",
        List.of("A=" + "a".repeat(70 * 1024))));
    HttpResponse<String> refused = create("limits-huge", body);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
    assertThat(message(refused)).isEqualTo("request body too large: "
        + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        + " bytes, the limit is 65536 bytes");
    assertNoContainer("limits-huge");
  }

  @Test
  void create_json_nested_too_deep_is_400() throws Exception {
    String body = "{\"Image\":\"x\",\"HostConfig\":" + "[".repeat(40) + "]".repeat(40) + "}";
    HttpResponse<String> refused = create("limits-deep", body);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused)).isEqualTo(
        "invalid JSON: nested deeper than 16 (imagesaga.limits.json-depth)");
    assertNoContainer("limits-deep");
  }

  @Test
  void filters_nested_deeper_than_filters_are_is_invalid_filter() throws Exception {
    String filters = "{\"label\":" + "[".repeat(300) + "]".repeat(300) + "}";
    HttpResponse<String> refused = get("/v1.47/images/json?filters="
        + java.net.URLEncoder.encode(filters, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused)).isEqualTo("invalid filter");
  }

  @Test
  void create_labels_and_cmd_are_bounded() throws Exception {
    NODE.driver().register("limits-base", java.util.Optional.empty(),
        List.of(io.imagesaga.testkit.NodeDriver.diffId("limits-base")), "limits/base:1");
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      many.put("l" + i, "v");
    }
    expect400(config(many, List.of("sh")), "limits-labels",
        "too many labels: 9, the limit is 8 (imagesaga.limits.container-labels)");
    expect400(config(Map.of("big", "v".repeat(62)), List.of("sh")), "limits-label",
        "label \"big\" too large: 65 bytes, the limit is 64 (imagesaga.limits"
            + ".container-label-bytes)");
    expect400(config(Map.of(), List.of("echo", "x".repeat(300))), "limits-cmd",
        "Cmd too large: 304 bytes, the limit is 256 (imagesaga.limits.container-cmd-bytes)");

    HttpResponse<String> fits = create("limits-fits", config(many.entrySet().stream().limit(8)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
        List.of("echo", "x".repeat(200))));
    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(201);
  }

  private void expect400(String body, String name, String message) throws Exception {
    HttpResponse<String> refused = create(name, body);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused)).isEqualTo(message);
    assertNoContainer(name);
  }

  private static String config(Map<String, String> labels, List<String> cmd) throws Exception {
    return JSON.writeValueAsString(Map.of("Image", "limits/base:1", "Labels", labels,
        "Cmd", cmd));
  }

  private static void assertNoContainer(String name) throws Exception {
    HttpResponse<String> listed = get("/v1.47/containers/json?all=1");
    assertThat(listed.body()).doesNotContain("/" + name + "\"");
  }

  private static String message(HttpResponse<String> answer) throws Exception {
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(answer.body());
    return body.path("message").asText();
  }

  private static HttpResponse<String> create(String name, String body) throws Exception {
    return client.send(request("/v1.47/containers/create?name=" + name)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return client.send(request(path).header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path));
  }
}
