package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry that cannot be reached fails the pull with what went wrong, in dockerd's words
 * ({@code Get "<url>": dial tcp …}), not an anonymous internal error: the operator has to know
 * whether the name or the port is wrong. It stays dockerd's 500, a failure outside the client's
 * request.
 */
class UnreachableRegistryTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void a_registry_port_nobody_listens_on_answers_connection_refused() throws Exception {
    String registry = "127.0.0.1:" + Ports.free();
    HttpResponse<String> answer = pull(registry + "/nobody/here");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    assertThat(message(answer)).startsWith("Get \"http://" + registry + "/v2/")
        .endsWith("\": dial tcp " + registry + ": connect: connection refused");
  }

  @Test
  void a_registry_name_that_does_not_resolve_answers_no_such_host() throws Exception {
    HttpResponse<String> answer = pull("registry.invalid/nobody/here");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    assertThat(message(answer)).startsWith("Get \"https://registry.invalid/v2/")
        .endsWith("\": dial tcp: lookup registry.invalid: no such host");
  }

  private static String message(HttpResponse<String> answer) throws Exception {
    return JSON.readTree(answer.body()).path("message").asText();
  }

  private static HttpResponse<String> pull(String image) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port()
            + "/v1.47/images/create?fromImage=" + image + "&tag=1"))
        .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
