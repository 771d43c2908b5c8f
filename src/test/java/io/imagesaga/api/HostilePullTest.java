package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.HostileRegistry;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker pull} from a registry that lies ({@link HostileRegistry}): every manifest, config
 * and layer fetched by digest is checked against its digest and its descriptor's size, redirects
 * keep credentials on their host only, token realms must be https or loopback, and what a
 * registry sends is bounded in size and time. Each lie fails the pull with dockerd's message (as
 * an error status while the manifest is resolved, as the stream's last message after) and
 * stores nothing: no image, no blob, no journal event, nothing left staged.
 */
class HostilePullTest {
  /** Short, so that the slow registry's test ends soon; every honest pull here takes far less. */
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(
      Map.of("imagesaga.registry.pull-deadline", "4s"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private HostileRegistry registry;

  @BeforeEach
  void start() throws IOException {
    registry = new HostileRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void a_pull_by_digest_that_gets_another_manifest_fails_and_stores_nothing() throws Exception {
    Stored before = Stored.now();
    String digest = registry.otherDigest().toString();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/liar@" + digest, "")))
        .isEqualTo("manifest verification failed for digest " + digest);
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void an_index_entry_whose_manifest_is_not_its_digest_or_size_fails() throws Exception {
    Stored before = Stored.now();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/index-digest", "1")))
        .isEqualTo("manifest verification failed for digest " + registry.otherDigest());
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/index-size", "1")))
        .isEqualTo("manifest verification failed for digest " + registry.manifestDigest());
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_config_that_is_not_its_digest_fails_with_dockerds_message() throws Exception {
    Stored before = Stored.now();
    assertThat(failedInStream(pull(registry.host() + "/hostile/config", "1")))
        .isEqualTo("image config verification failed for digest " + registry.configDigest());
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_layer_that_is_not_its_digest_fails_and_leaves_no_blob() throws Exception {
    Stored before = Stored.now();
    assertThat(failedInStream(pull(registry.host() + "/hostile/layer", "1")))
        .isEqualTo("filesystem layer verification failed for digest " + registry.layerDigest());
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_layer_longer_than_its_descriptor_is_cut_off_at_its_size() throws Exception {
    Stored before = Stored.now();
    assertThat(failedInStream(pull(registry.host() + "/hostile/endless", "1")))
        .isEqualTo("filesystem layer verification failed for digest " + registry.layerDigest());
    // Socket buffers take some megabytes before the client's close reaches the server.
    assertThat(registry.endlessSent()).isLessThan(HostileRegistry.ENDLESS_CAP / 8);
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_manifest_over_the_limit_fails_and_stores_nothing() throws Exception {
    Stored before = Stored.now();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/huge", "1")))
        .isEqualTo("registry sent more than 4194304 bytes for manifest 1"
            + " (imagesaga.registry.max-manifest-bytes)");
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void credentials_follow_a_redirect_on_their_host_and_never_to_another() throws Exception {
    HttpResponse<String> answer = pull(registry.host() + "/hostile/redirect", "1");
    assertThat(lines(answer).get(lines(answer).size() - 1).path("status").asText())
        .as(answer.body()).isEqualTo("Status: Downloaded newer image for " + registry.host()
            + "/hostile/redirect:1");
    assertThat(registry.authorizationsElsewhere()).as("the other host's requests")
        .hasSize(2).containsOnly("");
  }

  @Test
  void redirects_past_the_limit_fail() throws Exception {
    Stored before = Stored.now();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/loop", "1")))
        .isEqualTo("registry redirected more than 10 times for manifest 1"
            + " (imagesaga.registry.max-redirects)");
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_plain_http_token_realm_off_loopback_is_never_asked() throws Exception {
    Stored before = Stored.now();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/realm", "1")))
        .isEqualTo("token realm http://realm.invalid/token refused: a realm must be https,"
            + " or http on a loopback address");
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_token_answer_over_the_limit_fails() throws Exception {
    Stored before = Stored.now();
    assertThat(failedBeforeStream(pull(registry.host() + "/hostile/bigtoken", "1")))
        .isEqualTo("registry sent more than 1048576 bytes for token"
            + " (imagesaga.registry.max-token-bytes)");
    assertThat(Stored.now()).isEqualTo(before);
  }

  @Test
  void a_layer_that_trickles_forever_is_ended_by_the_pull_deadline() throws Exception {
    Stored before = Stored.now();
    assertThat(failedInStream(pull(registry.host() + "/hostile/slow", "1")))
        .isEqualTo("pull did not finish within 4s (imagesaga.registry.pull-deadline)");
    assertThat(Stored.now()).isEqualTo(before);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** What a failed pull must leave as it was. */
  record Stored(String images, List<String> configs, List<String> layers, List<String> staged,
      long journalRecords) {
    static Stored now() throws Exception {
      Path data = NODE.dataDir();
      return new Stored(get("/v1.47/images/json?all=1"), files(data.resolve("blobs/sha256")),
          files(data.resolve("blobs/layers")), files(data.resolve("tmp")),
          get("/imagesaga/audit/journal").lines().count());
    }
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

  /** The error status a pull answers before its stream: dockerd's 500 for a registry's fault. */
  private static String failedBeforeStream(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    assertThat(answer.headers().firstValue("Transfer-Encoding")).isEmpty();
    return JSON.readTree(answer.body()).path("message").asText();
  }

  /** The error a pull stream ends with, after its first message and no success. */
  private static String failedInStream(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = lines(answer);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(messages).as(answer.body()).hasSize(2);
    assertThat(messages.get(0).path("status").asText()).startsWith("Pulling from hostile/");
    JsonNode last = messages.get(1);
    assertThat(last.path("errorDetail").path("message").asText())
        .isEqualTo(last.path("error").asText());
    return last.path("error").asText();
  }

  private static List<JsonNode> lines(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = new ArrayList<>();
    for (String line : answer.body().split("\n")) {
      if (!line.isBlank()) {
        messages.add(JSON.readTree(line));
      }
    }
    return messages;
  }

  /** A pull as the docker CLI asks for it; a minute bounds a pull that would never end. */
  private static HttpResponse<String> pull(String image, String tag) throws Exception {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
            + "/v1.47/images/create?fromImage=" + image + "&tag=" + tag))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).get(1, TimeUnit.MINUTES);
  }

  private static String get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
        + path)).timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
