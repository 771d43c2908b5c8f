package io.imagesaga.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.api.MetricsServer;
import io.imagesaga.app.Main;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code serve --metrics-addr host:port}: {@code GET /metrics} alone, on a port of its own,
 * over plain HTTP, as dockerd's {@code --metrics-addr}.
 */
class MetricsServerTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_metrics_address_serves_metrics_and_nothing_else() throws Exception {
    ServerBinding binding = MetricsServer.start(NODE.driver().node().metrics(),
        MetricsServer.Address.parse("127.0.0.1:0"), NODE.driver().node().system());
    try {
      int port = binding.localAddress().getPort();
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).isEqualTo("text/plain; version=0.0.4; charset=utf-8"));
      assertThat(Scrape.of(metrics.body()).has("imagesaga_sagas_started_total{saga=\"delete\"}"))
          .isTrue();
      assertThat(get(port, "/_ping").statusCode()).isEqualTo(404);
      assertThat(get(port, "/v1.47/images/json").statusCode()).isEqualTo(404);
    } finally {
      binding.unbind().toCompletableFuture().join();
    }
  }

  @Test
  void an_address_is_host_and_port() {
    assertThat(MetricsServer.Address.parse("127.0.0.1:9323"))
        .isEqualTo(new MetricsServer.Address("127.0.0.1", 9323));
    assertThat(MetricsServer.Address.parse("[::1]:9323"))
        .isEqualTo(new MetricsServer.Address("::1", 9323));
    for (String bad : new String[] {"9323", ":9323", "localhost:", "localhost:port",
        "localhost:70000"}) {
      assertThatThrownBy(() -> MetricsServer.Address.parse(bad)).as(bad)
          .hasMessage("invalid --metrics-addr " + bad
              + ": expected host:port, such as 127.0.0.1:9323");
    }
  }

  @Test
  void serve_takes_the_option() {
    assertThat(Main.commandLine().parseArgs("serve", "--metrics-addr", "127.0.0.1:9323")
        .subcommand().matchedOptionValue("--metrics-addr", "")).isEqualTo("127.0.0.1:9323");
  }
}
