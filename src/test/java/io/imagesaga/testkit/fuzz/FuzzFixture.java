package io.imagesaga.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The state every epoch of the fuzz starts from, made over the API: everything removed, then
 * the sample parent chain ({@code sample/base:latest}, {@code sample/app:1},
 * {@code sample/app:2}), {@code fz/one:1} and {@code fz/one:2} on one image, an untagged image,
 * and containers {@code fz-c1} (on {@code sample/app:1}) and {@code fz-run} (on
 * {@code fz/one:1}, started). Content-addressed, so the same on every run.
 */
public final class FuzzFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public FuzzFixture(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Removes every container and image, then makes the fixture. */
  public void reset() throws IOException, InterruptedException {
    for (JsonNode c : json(send("GET", "/v1.47/containers/json?all=1", null, 200))) {
      send("DELETE", "/v1.47/containers/" + c.path("Id").asText() + "?force=1", null, 204);
    }
    send("POST", "/v1.47/images/prune?filters="
        + URLEncoder.encode("{\"dangling\":[\"false\"]}", StandardCharsets.UTF_8), null, 200);
    for (String id : imageIds()) {
      send("DELETE", "/v1.47/images/" + id + "?force=1", null, 200);
    }
    if (!imageIds().isEmpty()) {
      throw new IllegalStateException("the fixture's reset left images: " + imageIds());
    }
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    load(sample.toByteArray());
    load(TestArchives.tar(TestArchives.image("fz-one").entries("fz/one:1", "fz/one:2")));
    TestArchives.Image dangling = TestArchives.image("fz-dangling");
    load(TestArchives.tar(List.of(Entry.file(dangling.configPath(), dangling.config()),
        Entry.file(dangling.layerPath(), dangling.layer()), Entry.file("manifest.json",
            TestArchives.manifest(dangling.configPath(), List.of(dangling.layerPath()),
                java.util.Optional.empty())))));
    send("POST", "/v1.47/containers/create?name=fz-c1",
        "{\"Image\":\"sample/app:1\",\"Cmd\":[\"sh\"]}", 201);
    send("POST", "/v1.47/containers/create?name=fz-run",
        "{\"Image\":\"fz/one:1\",\"Cmd\":[\"sh\"]}", 201);
    send("POST", "/v1.47/containers/fz-run/start", null, 204);
  }

  /** The present images' IDs, sorted. */
  public List<String> imageIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    json(send("GET", "/v1.47/images/json?all=1", null, 200))
        .forEach(image -> ids.add(image.path("Id").asText()));
    ids.sort(null);
    return ids;
  }

  private void load(byte[] tar) throws IOException, InterruptedException {
    String answer = client.send(HttpRequest.newBuilder(URI.create(base + "/v1.47/images/load"))
        .timeout(Duration.ofMinutes(1)).header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    if (!answer.contains("Loaded image")) {
      throw new IllegalStateException("the fixture's load failed: " + answer);
    }
  }

  private String send(String method, String path, String json, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(1));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> answer = client.send(request.method(method, json == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expected) {
      throw new IllegalStateException("fixture: " + method + " " + path + " answered "
          + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  private static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }
}
