package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.security.ClientTls;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit routes hold every client's provenance: over mutual TLS only a certificate granted
 * {@code audit} reads them, and {@code client} finds a request by its certificate's subject.
 */
class AuditRoutesAccessTest {
  static final TestCertificates CERTS = TestCertificates.create();
  static final Path POLICY = CERTS.write("policy.conf", """
      clients {
        "cn:auditor" = [read, audit]
        "cn:alice" = [read, delete]
      }
      """);
  @RegisterExtension
  static final NodeExtension NODE = NodeExtension.withHttp(CERTS.serverSettings(POLICY));
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterAll
  static void removeCertificates() throws Exception {
    CERTS.delete();
  }

  private static HttpResponse<String> send(String who, String method, String path)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(ClientTls.context(CERTS.client(who)))
        .connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + NODE.port()
            + path)).timeout(Duration.ofSeconds(30)).method(method,
            HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void only_a_client_granted_audit_reads_history_and_at() throws Exception {
    for (String path : List.of("/imagesaga/audit/history", "/imagesaga/audit/at?time=0")) {
      HttpResponse<String> refused = send("alice", "GET", path);
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).path("message").asText()).isEqualTo(
          "forbidden: CN=alice lacks the audit permission that GET " + path.replaceFirst(
              "\\?.*", "") + " needs");
      assertThat(send("auditor", "GET", path).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void a_client_is_found_by_its_certificate_subject() throws Exception {
    NODE.driver().register("tls-audit", Optional.empty(), List.of(diffId("tls-audit")),
        "tls/audit:1", "tls/audit:2");
    assertThat(send("alice", "DELETE", "/images/tls/audit:1").statusCode()).isEqualTo(200);

    HttpResponse<String> page = send("auditor", "GET", "/imagesaga/audit/history?client="
        + "CN%3Dalice");

    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    JsonNode records = JSON.readTree(page.body()).path("records");
    assertThat(records).isNotEmpty();
    assertThat(records).allSatisfy(record -> assertThat(record.path("type").asText())
        .isIn("AccessEvent.Refused", "DeletionEvent.Started", "ImageEvent.Untagged",
            "ImageEvent.StepTaken", "RepositoryEvent.ReferencesRemoved",
            "DeletionEvent.Finished"));
    assertThat(records).filteredOn(record -> record.path("event").has("provenance"))
        .allSatisfy(record -> assertThat(record.path("event").path("provenance")
            .path("client").asText()).isEqualTo("CN=alice"));
    assertThat(records.findValuesAsText("summary")).anySatisfy(summary ->
        assertThat(summary).contains("untagged tls/audit:1"));
    assertThat(records.findValuesAsText("type")).contains("DeletionEvent.Started",
        "ImageEvent.Untagged", "DeletionEvent.Finished");
  }
}
