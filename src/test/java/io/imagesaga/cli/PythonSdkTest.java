package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.PythonSdk.Result;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python Docker SDK (docker-py) against a node, one small script per operation, each
 * output checked exactly. The SDK reads progress answers as streams only when they are chunked,
 * and images and containers by its own routes ({@code GET /images/{name}/get}). Whole-catalog
 * views (list, prune, df) are in {@link PythonSdkCatalogTest}, on a node of their own.
 */
class PythonSdkTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;
  private static PythonSdk python;

  @BeforeAll
  static void sdk() throws Exception {
    python = PythonSdk.find(NODE.port());
  }

  @Test
  void load_reads_the_message_stream_of_either_body_and_raises_its_error() throws Exception {
    SdkChain chain = SdkChain.of("pysdk-load", "pysdk/load:1", "pysdk/load:2");
    expect(python.script("load.py", file(chain).toString()),
        chain.ids().get(0) + " pysdk/load:1\n"
            + chain.ids().get(1) + " pysdk/load:2\n"
            + "{\"stream\": \"Loaded image: pysdk/load:1\\n\"}\n"
            + "{\"stream\": \"Loaded image: pysdk/load:2\\n\"}\n"
            + "ImageLoadError: archive/tar: invalid tar header\n");
  }

  @Test
  void save_streams_an_archive_that_loads_back_after_a_delete() throws Exception {
    SdkChain chain = load(SdkChain.of("pysdk-save", "pysdk/save:1", "pysdk/save:2"));
    expect(python.script("save.py", "pysdk/save:2"),
        "['pysdk/save:2'] 2\n"
            + "[{'Untagged': 'pysdk/save:2'}, {'Deleted': '" + chain.ids().get(1) + "'}, "
            + "{'Deleted': '" + chain.chainIds().get(1) + "'}]\n"
            + "[['pysdk/save:2']]\n");
  }

  @Test
  void history_walks_the_parent_chain_newest_first() throws Exception {
    SdkChain chain = load(SdkChain.of("pysdk-history", "pysdk/history:1", "pysdk/history:2"));
    expect(python.script("history.py", "pysdk/history:2"),
        chain.ids().get(1) + " " + chain.layerSizes().get(1) + " ['pysdk/history:2'] '"
            + chain.createdBy(1) + "'\n"
            + chain.ids().get(0) + " " + chain.layerSizes().get(0) + " ['pysdk/history:1'] '"
            + chain.createdBy(0) + "'\n");
  }

  @Test
  void tag_adds_a_name_and_a_bad_one_is_an_api_error() throws Exception {
    load(SdkChain.of("pysdk-tag", "pysdk/tag:1"));
    expect(python.script("tag.py", "pysdk/tag:1"), "True\nTrue\n"
        + "['pysdk/tag:1', 'pysdk/tagged:v1']\n"
        + "400 invalid reference format: repository name must be lowercase\n");
  }

  @Test
  void a_container_holds_its_image_until_it_is_removed() throws Exception {
    SdkChain chain = load(SdkChain.of("pysdk-container", "pysdk/container:1"));
    Result result = python.script("containers.py", "pysdk/container:1");
    String container = result.stdout().split(" ", 2)[0];
    assertThat(container).as(result.toString()).matches("[0-9a-f]{12}");
    expect(result, container + " pysdk-c created True\n"
        + "['pysdk-c']\n"
        + "409 conflict: unable to remove repository reference \"pysdk/container:1\" (must "
        + "force) - container " + container + " is using its referenced image "
        + chain.ids().get(0).hex().substring(0, 12) + "\n"
        + "[]\n"
        + "{'Untagged': 'pysdk/container:1'}\n"
        + "{'Deleted': '" + chain.ids().get(0) + "'}\n"
        + "{'Deleted': '" + chain.chainIds().get(0) + "'}\n");
  }

  @Test
  void events_are_decoded_from_the_stream() throws Exception {
    String since = unix(Instant.now());
    SdkChain chain = load(SdkChain.of("pysdk-events", "pysdk/events:1"));
    HttpResponse<String> rmi = http(HttpRequest.newBuilder(uri("/images/pysdk/events:1"))
        .DELETE());
    assertThat(rmi.statusCode()).as(rmi.body()).isEqualTo(200);
    String id = chain.ids().get(0).toString();
    expect(python.script("events.py", since, unix(Instant.now()), id),
        "image load " + id + "\nimage delete " + id + "\n");
  }

  @Test
  void pull_streams_its_progress() throws Exception {
    try (TestRegistry registry = new TestRegistry()) {
      String repo = registry.host() + "/team/app";
      expect(python.script("pull.py", repo, "1"),
          "{\"id\": \"1\", \"status\": \"Pulling from team/app\"}\n"
              + "{\"status\": \"Digest: " + registry.manifestDigest() + "\"}\n"
              + "{\"status\": \"Status: Downloaded newer image for " + repo + ":1\"}\n"
              + "['" + repo + ":1']\n");
    }
  }

  static void expect(Result result, String stdout) {
    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.stderr()).isEqualTo(stdout);
  }

  /** The chain's archive in a file of its own. */
  private static Path file(SdkChain chain) throws Exception {
    return Files.write(dir.resolve(chain.seed() + ".tar"), chain.tar());
  }

  private static SdkChain load(SdkChain chain) throws Exception {
    return load(NODE, chain);
  }

  /** Loads the chain over the Engine API, as the docker CLI would. */
  static SdkChain load(NodeExtension node, SdkChain chain) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + "/v1.47/images/load?quiet=1"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(chain.tar())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.body()).contains("Loaded image").doesNotContain("error");
    return chain;
  }

  private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + NODE.port() + "/v1.47" + path);
  }

  /** An instant as the Engine API's {@code since}/{@code until} take it. */
  private static String unix(Instant at) {
    return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
  }
}
