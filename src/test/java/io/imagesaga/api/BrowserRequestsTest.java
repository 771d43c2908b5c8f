package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A web page the operator's browser opens must not drive the API: a request with a foreign
 * {@code Origin} (a cross-origin POST needs no preflight when it has no body), or a
 * {@code Host} that names the node by an attacker's DNS name (DNS rebinding, which makes the
 * page same-origin to the browser), is refused 403 before any route runs, and nothing is stored.
 */
class BrowserRequestsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVIL_HOST = "evil.example:2375";
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureWarnings() {
    logged.start();
    guardLog().addAppender(logged);
  }

  @AfterEach
  void release() {
    guardLog().detachAppender(logged);
  }

  private static Logger guardLog() {
    return (Logger) LoggerFactory.getLogger(BrowserGuard.class);
  }

  @Test
  void a_cross_origin_prune_is_refused_and_deletes_nothing() throws Exception {
    ImageId dangling = NODE.driver().register("browser-dangling", Optional.empty(),
        List.of(diffId("browser-dangling")));
    long journal = journalLines();

    RawConnection.Response answer = send("POST", "/v1.47/images/prune",
        local("Origin", "http://evil.example", "Content-Length", "0"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(answer.body()).path("message").asText()).isEqualTo(
        "origin \"http://evil.example\" is not allowed: browsers may call the API only from"
            + " its own origin and those in imagesaga.http.allowed-origins"
            + " (IMAGESAGA_HTTP_ALLOWED_ORIGINS)");
    assertThat(NODE.driver().image(dangling).lifecycle()).isEqualTo(Lifecycle.PRESENT);
    assertThat(journalLines()).isEqualTo(journal);
    assertThat(logged.list).anySatisfy(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage()).startsWith(
          "refused POST /v1.47/images/prune from 127.0.0.1:").contains("origin \"http://evil");
    });
  }

  @Test
  void a_rebinding_host_reads_neither_the_audit_log_nor_an_archive() throws Exception {
    NODE.driver().register("browser-saved", Optional.empty(), List.of(diffId("browser-saved")),
        "browser/saved:1");
    long journal = journalLines();
    String refused = "host \"evil.example\" is not allowed: the API answers to its bind address,"
        + " IP addresses, localhost and the names in imagesaga.http.allowed-hosts"
        + " (IMAGESAGA_HTTP_ALLOWED_HOSTS)";

    for (String path : List.of("/imagesaga/audit/journal", "/imagesaga/audit/history",
        "/imagesaga/audit/at?time=0", "/v1.47/images/get?names=browser/saved:1",
        "/v1.47/images/browser/saved:1/get", "/_ping")) {
      RawConnection.Response answer = send("GET", path, headers("Host", EVIL_HOST));
      assertThat(answer.status()).as(path).isEqualTo(403);
      assertThat(JSON.readTree(answer.body()).path("message").asText()).as(path)
          .isEqualTo(refused);
    }
    // A save journals its "save" event on each image: none was written.
    assertThat(journalLines()).isEqualTo(journal);
    assertThat(logged.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
        .startsWith("refused GET /imagesaga/audit/journal from 127.0.0.1:"));
  }

  @Test
  void loopback_names_ip_literals_and_the_request_s_own_origin_pass() throws Exception {
    int port = NODE.port();
    for (Map<String, String> headers : List.of(headers("Host", "localhost:" + port),
        headers("Host", "api.moby.localhost"), headers("Host", "[::1]:" + port),
        local("Origin", "http://127.0.0.1:" + port),
        headers("Host", "localhost:" + port, "Origin", "http://localhost:" + port))) {
      RawConnection.Response answer = send("GET", "/_ping", headers);
      assertThat(answer.status()).as(headers.toString()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("OK");
    }
  }

  private static RawConnection.Response send(String method, String path,
      Map<String, String> headers) throws Exception {
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.send(method, path, headers);
      return connection.read();
    }
  }

  /** Lines of the audit log as a client on loopback reads them. */
  private static long journalLines() throws Exception {
    RawConnection.Response answer = send("GET", "/imagesaga/audit/journal", local());
    assertThat(answer.status()).isEqualTo(200);
    return answer.text().lines().count();
  }

  /** {@code Host: 127.0.0.1:<port>}, as {@code DOCKER_HOST=tcp://127.0.0.1:<port>} sends it. */
  private static Map<String, String> local(String... more) {
    Map<String, String> headers = headers("Host", "127.0.0.1:" + NODE.port());
    headers.putAll(headers(more));
    return headers;
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
