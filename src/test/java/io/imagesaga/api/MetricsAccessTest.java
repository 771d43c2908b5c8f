package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.security.ClientTls;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} on the API port is a route like the others: over mutual TLS, and only
 * for a client the policy grants {@code read} (docs/security.md, "Permissions").
 */
class MetricsAccessTest {
  static final TestCertificates CERTS = TestCertificates.create();
  static final Path POLICY = CERTS.write("policy.conf", """
      clients {
        "cn:reader" = [read]
        "cn:loader" = [load]
      }
      """);
  @RegisterExtension
  static final NodeExtension NODE = NodeExtension.withHttp(CERTS.serverSettings(POLICY));

  @AfterAll
  static void removeCertificates() throws Exception {
    CERTS.delete();
  }

  private static HttpResponse<String> metrics(SSLContext tls) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + NODE.port()
        + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_reader_scrapes_and_a_client_without_read_is_refused() throws Exception {
    HttpResponse<String> reader = metrics(ClientTls.context(CERTS.client("reader")));
    assertThat(reader.statusCode()).isEqualTo(200);
    assertThat(reader.body()).contains("# TYPE engine_daemon_image_actions_seconds histogram");

    HttpResponse<String> loader = metrics(ClientTls.context(CERTS.client("loader")));
    assertThat(loader.statusCode()).isEqualTo(403);
    assertThat(loader.body()).isEqualTo("{\"message\":\"forbidden: CN=loader lacks the read"
        + " permission that GET /metrics needs\"}");

    HttpResponse<String> anonymous = metrics(ClientTls.trusting(CERTS.dir().resolve("ca.pem")));
    assertThat(anonymous.statusCode()).isEqualTo(403);
  }
}
