package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.security.AccessEvent;
import io.imagesaga.security.ClientTls;
import io.imagesaga.security.Permission;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's mutual TLS below the docker CLI: what the handshake refuses (a chain of another
 * CA, TLS 1.1, plain HTTP), the 403 a client without a certificate gets, and a flood of
 * refusals journaled as one record and one count (the count at the node's stop).
 */
class MutualTlsTest {
  static final TestCertificates CERTS = TestCertificates.create();
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(settings());

  private static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>(CERTS.serverSettings(null));
    // No window closes during the test: the flood's count is journaled by the stop.
    settings.put("imagesaga.http.refusals.window", "1h");
    return settings;
  }

  @AfterAll
  static void removeCertificates() throws Exception {
    CERTS.delete();
  }

  private static URI uri(String path) {
    return URI.create("https://127.0.0.1:" + NODE.port() + path);
  }

  private static HttpClient client(SSLContext tls, String protocol) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {protocol});
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
        .sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("User-Agent", "tls-test").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_verified_client_is_served_over_tls_12_and_13() throws Exception {
    SSLContext admin = ClientTls.context(CERTS.client("admin"));
    assertThat(get(client(admin, "TLSv1.3"), "/_ping").body()).isEqualTo("OK");
    assertThat(get(client(admin, "TLSv1.2"), "/_ping").body()).isEqualTo("OK");
  }

  @Test
  void the_handshake_refuses_a_chain_of_another_ca_tls_11_and_plain_http() throws Exception {
    SSLContext foreign = presentingAlways(CERTS.foreignClient("mallory"));
    // TLS 1.3: the server's alert, it could not check the chain against its CA; TLS 1.2: it
    // ends the handshake (the same client with the node's own certificate is served above).
    assertThatThrownBy(() -> get(client(foreign, "TLSv1.3"), "/_ping"))
        .isInstanceOf(IOException.class).hasStackTraceContaining("certificate_unknown");
    assertThatThrownBy(() -> get(client(foreign, "TLSv1.2"), "/_ping"))
        .isInstanceOf(SSLHandshakeException.class);
    SSLContext admin = ClientTls.context(CERTS.client("admin"));
    assertThatThrownBy(() -> get(client(admin, "TLSv1.1"), "/_ping"))
        .isInstanceOf(SSLHandshakeException.class);
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + NODE.port() + "/_ping")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void a_flood_of_refusals_is_one_record_and_one_count() throws Exception {
    SSLContext anonymous = ClientTls.trusting(CERTS.dir().resolve("ca.pem"));
    HttpClient client = client(anonymous, "TLSv1.3");
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> refused = get(client, "/v1.47/images/json");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
      assertThat(refused.body()).isEqualTo("{\"message\":\"forbidden: GET /v1.47/images/json"
          + " needs a client certificate signed by this node's CA (DOCKER_TLS_VERIFY=1 with"
          + " DOCKER_CERT_PATH)\"}");
    }
    assertThat(refusals()).singleElement().isInstanceOfSatisfying(AccessEvent.Refused.class,
        refused -> {
          assertThat(refused.path()).isEqualTo("/v1.47/images/json");
          assertThat(refused.needed()).isEqualTo(Permission.READ);
          assertThat(refused.provenance().userAgent()).isEqualTo("tls-test");
          assertThat(refused.provenance().client()).isEmpty();
        });

    NODE.restart();
    List<AccessEvent> afterStop = refusals();
    assertThat(afterStop).hasSize(2);
    assertThat(afterStop.get(1)).isInstanceOfSatisfying(AccessEvent.RefusalsRepeated.class,
        repeated -> {
          assertThat(repeated.count()).isEqualTo(19);
          assertThat(repeated.client()).isEmpty();
          assertThat(repeated.last().path()).isEqualTo("/v1.47/images/json");
        });
  }

  private static List<AccessEvent> refusals() throws Exception {
    var system = NODE.driver().node().system();
    return new AuditJournal(system, NODE.driver().node().settings().readJournalPluginId())
        .records(0).map(JournalRecord::event).filter(AccessEvent.class::isInstance)
        .map(AccessEvent.class::cast).runWith(Sink.seq(), system).toCompletableFuture().get();
  }

  /**
   * A client that presents its certificate whatever CAs the server names (the JDK's and Go's
   * clients send none that no named CA issued), so that the server's check is what refuses it.
   */
  private static SSLContext presentingAlways(Path dir) throws Exception {
    X509ExtendedKeyManager own = (X509ExtendedKeyManager) ClientTls.keyManagers(dir)[0];
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new X509ExtendedKeyManager() {
      @Override
      public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return "client";
      }

      @Override
      public String chooseEngineClientAlias(String[] types, Principal[] issuers,
          javax.net.ssl.SSLEngine engine) {
        return "client";
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return own.getCertificateChain(alias);
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return own.getPrivateKey(alias);
      }

      @Override
      public String[] getClientAliases(String type, Principal[] issuers) {
        return new String[] {"client"};
      }

      @Override
      public String[] getServerAliases(String type, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return null;
      }
    }}, ClientTls.trustManagers(dir.resolve("ca.pem")), null);
    return context;
  }
}
