package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.EngineClient.Answer;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /images/create?fromSrc=-} ({@code docker import}): the body becomes the one layer
 * of a new image, as moby's {@code ImportImage} makes it; bad input is refused, storing nothing.
 */
class ImportApiTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EngineClient client() {
    return new EngineClient(NODE.port(), Duration.ofSeconds(60));
  }

  @Test
  void a_compressed_tar_becomes_a_one_layer_image_with_its_changes_and_tag() throws Exception {
    byte[] tar = TestArchives.layer("hello.txt", "hello import");
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&repo=imported/one"
        + "&tag=v1&message=" + EngineClient.encode("from a test")
        + "&changes=" + EngineClient.encode("CMD [\"sh\", \"-c\", \"echo hi\"]")
        + "&changes=" + EngineClient.encode("ENV A=1 B=\"two words\"")
        + "&changes=" + EngineClient.encode("EXPOSE 80 53/udp")
        + "&changes=" + EngineClient.encode("WORKDIR /srv")
        + "&changes=" + EngineClient.encode("LABEL maintainer=me"), gzip(tar), "application/x-tar");
    assertThat(answer.status()).isEqualTo(200);
    JsonNode status = JSON.readTree(answer.body());
    String id = status.path("status").asText();
    assertThat(answer.body()).isEqualTo("{\"status\":\"" + id + "\"}\n");
    assertThat(id).matches("sha256:[0-9a-f]{64}");

    JsonNode image = JSON.readTree(get("/v1.47/images/imported/one:v1/json"));
    assertThat(image.path("Id").asText()).isEqualTo(id);
    assertThat(image.path("RepoTags").get(0).asText()).isEqualTo("imported/one:v1");
    assertThat(image.path("Parent").asText()).isEmpty();
    assertThat(image.path("Comment").asText()).isEqualTo("from a test");
    assertThat(image.path("Os").asText()).isEqualTo("linux");
    assertThat(image.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(image.path("RootFS").path("Layers").toString())
        .isEqualTo("[\"sha256:" + sha256(tar) + "\"]");
    JsonNode config = image.path("Config");
    assertThat(config.path("Cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
    assertThat(config.path("Env").toString()).isEqualTo("[\"A=1\",\"B=two words\"]");
    assertThat(config.path("ExposedPorts").toString()).isEqualTo("{\"53/udp\":{},\"80/tcp\":{}}");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(config.path("Labels").toString()).isEqualTo("{\"maintainer\":\"me\"}");

    JsonNode history = JSON.readTree(get("/v1.47/images/imported/one:v1/history"));
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("Id").asText()).isEqualTo(id);
    assertThat(history.get(0).path("Comment").asText()).isEqualTo("from a test");
    assertThat(history.get(0).path("CreatedBy").asText()).isEmpty();
    assertThat(history.get(0).path("Size").asLong()).isEqualTo(tar.length);

    // The audit log says who imported it: the registration carries the request's client.
    assertThat(new AuditClient(NODE.port()).history("client=Java-http-client&image="
        + id.substring(7, 19)).records()).extracting(JournalRecord::event)
        .hasAtLeastOneElementOfType(ImageEvent.Registered.class);
  }

  @Test
  void a_body_that_is_no_tar_is_refused_as_go_refuses_it() throws Exception {
    long blobs = NODE.layerBlobs();
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&repo=refused/tar",
        "this is not a tar archive\n".repeat(40).getBytes(StandardCharsets.UTF_8),
        "application/x-tar");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText())
        .isEqualTo("archive/tar: invalid tar header");
    assertThat(NODE.layerBlobs()).isEqualTo(blobs);
  }

  /**
   * Without a message, dockerd's comment names the source; without a repo, no tag. The body
   * here is bzip2-compressed; the diff ID is still that of the tar.
   */
  @Test
  void an_untagged_import_has_dockerds_comment() throws Exception {
    byte[] tar = TestArchives.layer("plain.txt", "plain");
    ByteArrayOutputStream bzip2 = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bzip2)) {
      out.write(tar);
    }
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&platform=linux/arm64",
        bzip2.toByteArray(), "application/x-tar");
    assertThat(answer.status()).isEqualTo(200);
    String id = JSON.readTree(answer.body()).path("status").asText();
    JsonNode image = JSON.readTree(get("/v1.47/images/" + id + "/json"));
    assertThat(image.path("RepoTags")).isEmpty();
    assertThat(image.path("Comment").asText()).isEqualTo("Imported from -");
    assertThat(image.path("Architecture").asText()).isEqualTo("arm64");
    assertThat(image.path("RootFS").path("Layers").get(0).asText())
        .isEqualTo("sha256:" + sha256(tar));
  }

  /** The answer comes once the registration is journaled: a new node on the data has it all. */
  @Test
  void an_acknowledged_import_is_there_after_a_restart() throws Exception {
    byte[] tar = TestArchives.layer("kept.txt", "kept");
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&repo=kept/import",
        tar, "application/x-tar");
    assertThat(answer.status()).isEqualTo(200);
    String id = JSON.readTree(answer.body()).path("status").asText();
    String before = get("/v1.47/images/kept/import:latest/json");
    long blobs = NODE.layerBlobs();
    NODE.restart();
    assertThat(get("/v1.47/images/kept/import:latest/json")).isEqualTo(before);
    assertThat(JSON.readTree(before).path("Id").asText()).isEqualTo(id);
    assertThat(NODE.layerBlobs()).isEqualTo(blobs);
  }

  @Test
  void a_platform_other_than_linux_is_refused() throws Exception {
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&platform=windows",
        TestArchives.layer("w.txt", "w"), "application/x-tar");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText())
        .isEqualTo("operating system is not supported");
  }

  @Test
  void a_change_dockerd_does_not_allow_is_refused_and_nothing_is_stored() throws Exception {
    String before = get("/v1.47/images/json?all=1");
    long blobs = NODE.layerBlobs();
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&repo=refused/change"
        + "&changes=" + EngineClient.encode("RUN rm -rf /"),
        TestArchives.layer("r.txt", "r"), "application/x-tar");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText())
        .isEqualTo("run is not a valid change command");
    assertThat(get("/v1.47/images/json?all=1")).isEqualTo(before);
    assertThat(NODE.layerBlobs()).isEqualTo(blobs);
  }

  @Test
  void a_body_whose_compression_is_corrupt_is_refused_and_nothing_is_stored() throws Exception {
    String before = get("/v1.47/images/json?all=1");
    long blobs = NODE.layerBlobs();
    byte[] gzip = gzip(TestArchives.layer("c.txt", "corrupt"));
    byte[] corrupt = java.util.Arrays.copyOf(gzip, gzip.length - 12);
    for (int i = 12; i < corrupt.length; i++) {
      corrupt[i] ^= 0x5a;
    }
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc=-&repo=refused/gzip",
        corrupt, "application/x-tar");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText()).isNotEmpty();
    assertThat(get("/v1.47/images/json?all=1")).isEqualTo(before);
    assertThat(NODE.layerBlobs()).isEqualTo(blobs);
    assertThat(client().send("GET", "/v1.47/images/refused/gzip/json", null, null).status())
        .isEqualTo(404);
  }

  @Test
  void importing_from_a_url_is_refused_by_name() throws Exception {
    Answer answer = client().send("POST", "/v1.47/images/create?fromSrc="
        + EngineClient.encode("http://example.invalid/rootfs.tar"), new byte[0], null);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText())
        .contains("fromSrc=http://example.invalid/rootfs.tar").contains("not supported");
  }

  private static String get(String path) throws Exception {
    Answer answer = client().send("GET", path, null, null);
    assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
    return answer.body();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
