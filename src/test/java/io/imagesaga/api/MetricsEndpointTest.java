package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Scrape;
import io.imagesaga.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} on the API port, scraped before and after what it counts: a delete
 * timed as dockerd times it and counted as a saga, conflicts by kind, the API's answers by
 * route pattern, the journal's writes and the entities in memory.
 */
class MetricsEndpointTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();

  private static final String DELETE_COUNT =
      "engine_daemon_image_actions_seconds_count{action=\"delete\"}";
  private static final String DELETE_ROUTE = "imagesaga_http_requests_total{method=\"DELETE\","
      + "route=\"/images/{name:.*}\",status=\"%d\"}";

  private static EngineClient client() {
    return new EngineClient(NODE.port(), Duration.ofSeconds(30));
  }

  private static Scrape scrape() throws Exception {
    EngineClient.Answer answer = client().send("GET", "/metrics", null, null);
    assertThat(answer.status()).isEqualTo(200);
    return Scrape.of(answer.body());
  }

  private static int delete(String name) throws Exception {
    return client().send("DELETE", "/v1.47/images/" + name, null, null).status();
  }

  @Test
  void the_answer_is_the_prometheus_text_format() throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).isEqualTo("text/plain; version=0.0.4; charset=utf-8"));
    assertThat(answer.body())
        .contains("# TYPE engine_daemon_image_actions_seconds histogram\n")
        .contains("# TYPE imagesaga_sagas_started_total counter\n");
  }

  @Test
  void a_delete_is_timed_as_dockerd_times_it_and_counted_as_a_saga() throws Exception {
    NODE.driver().register("metrics-rmi", Optional.empty(), List.of(diffId("metrics-l1")),
        "metrics/rmi:1");
    Scrape before = scrape();
    assertThat(delete("metrics/rmi:1")).isEqualTo(200);
    Scrape after = scrape();
    assertThat(after.value(DELETE_COUNT) - before.value(DELETE_COUNT)).isEqualTo(1);
    assertThat(after.value("engine_daemon_image_actions_seconds_bucket{action=\"delete\","
        + "le=\"+Inf\"}")).isEqualTo(after.value(DELETE_COUNT));
    assertThat(delta(before, after, "imagesaga_sagas_started_total{saga=\"delete\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, DELETE_ROUTE.formatted(200))).isEqualTo(1);
    // A saga answers before its end is journaled (docs/design.md, "The delete saga"): its
    // finish is counted once the end is written, which may be just after the answer.
    TestProbe.create(NODE.driver().node().system()).awaitAssert(() -> {
      assertThat(delta(before, scrape(),
          "imagesaga_sagas_finished_total{outcome=\"completed\",saga=\"delete\"}"))
          .isEqualTo(1);
      return null;
    });
  }

  @Test
  void a_conflict_is_counted_by_its_kind_and_not_timed() throws Exception {
    ImageId parent = NODE.driver().register("metrics-parent", Optional.empty(),
        List.of(diffId("metrics-p1")), "metrics/parent:1");
    NODE.driver().register("metrics-child", Optional.of(parent),
        List.of(diffId("metrics-p1"), diffId("metrics-c1")), "metrics/child:1");
    NODE.driver().createContainer("metrics-user", "metrics/child:1");
    Scrape before = scrape();
    assertThat(delete(parent.shortId())).isEqualTo(409);
    assertThat(delete("metrics/child:1")).isEqualTo(409);
    Scrape after = scrape();
    assertThat(delta(before, after, "imagesaga_delete_conflicts_total{kind=\"dependent_child\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after,
        "imagesaga_delete_conflicts_total{kind=\"stopped_container\"}")).isEqualTo(1);
    assertThat(delta(before, after, DELETE_COUNT)).isZero();
    assertThat(delta(before, after, DELETE_ROUTE.formatted(409))).isEqualTo(2);
  }

  @Test
  void pulls_and_histories_that_succeeded_are_timed_and_a_prune_is_a_saga() throws Exception {
    try (TestRegistry registry = new TestRegistry()) {
      Scrape before = scrape();
      String pulled = "/v1.47/images/create?fromImage=" + registry.host() + "/team/app&tag=1";
      assertThat(client().send("POST", pulled, null, null).body())
          .contains("Downloaded newer image");
      String broken = "/v1.47/images/create?fromImage=" + registry.host() + "/team/broken&tag=1";
      assertThat(client().send("POST", broken, null, null).body()).contains("errorDetail");
      assertThat(client().send("GET", "/v1.47/images/" + registry.host() + "/team/app:1/history",
          null, null).status()).isEqualTo(200);
      assertThat(client().send("POST", "/v1.47/images/prune", null, null).status())
          .isEqualTo(200);
      Scrape after = scrape();
      assertThat(delta(before, after,
          "engine_daemon_image_actions_seconds_count{action=\"pull\"}")).isEqualTo(1);
      assertThat(delta(before, after,
          "engine_daemon_image_actions_seconds_count{action=\"history\"}")).isEqualTo(1);
      assertThat(delta(before, after, "imagesaga_sagas_started_total{saga=\"prune\"}"))
          .isEqualTo(1);
      assertThat(delta(before, after,
          "imagesaga_sagas_finished_total{outcome=\"completed\",saga=\"prune\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void requests_count_under_their_route_pattern_and_unmatched_ones_under_one_value()
      throws Exception {
    Scrape before = scrape();
    client().send("GET", "/v1.47/images/no/such/image:1/json", null, null);
    client().send("GET", "/images/other:2/json", null, null);
    client().send("GET", "/v1.47/no/such/route", null, null);
    client().send("GET", "/another/unknown/path", null, null);
    Scrape after = scrape();
    assertThat(delta(before, after, "imagesaga_http_requests_total{method=\"GET\","
        + "route=\"/images/{name:.*}/json\",status=\"404\"}")).isEqualTo(2);
    assertThat(delta(before, after, "imagesaga_http_requests_total{method=\"GET\","
        + "route=\"unmatched\",status=\"404\"}")).isEqualTo(2);
    assertThat(after.samples().keySet()).noneMatch(series -> series.contains("no/such"));
    assertThat(delta(before, after, "imagesaga_http_requests_total{method=\"GET\","
        + "route=\"/metrics\",status=\"200\"}")).isEqualTo(1);
  }

  @Test
  void the_journal_and_the_entities_in_memory_are_read_when_scraped() throws Exception {
    NODE.driver().register("metrics-entities", Optional.empty(),
        List.of(diffId("metrics-e1")), "metrics/entities:1");
    Scrape scrape = scrape();
    assertThat(scrape.value("imagesaga_entities_in_memory{type=\"Image\"}")).isPositive();
    assertThat(scrape.value("imagesaga_entities_in_memory{type=\"Layer\"}")).isPositive();
    assertThat(scrape.value("imagesaga_journal_writes_total")).isPositive();
    assertThat(scrape.value("imagesaga_journal_events_total"))
        .isGreaterThanOrEqualTo(scrape.value("imagesaga_journal_atomic_writes_total"));
    assertThat(scrape.value("imagesaga_journal_write_seconds_count"))
        .isEqualTo(scrape.value("imagesaga_journal_writes_total"));
    assertThat(scrape.value("imagesaga_journal_batch_size_bucket{le=\"+Inf\"}"))
        .isEqualTo(scrape.value("imagesaga_journal_writes_total"));
    assertThat(scrape.has("imagesaga_audit_shipping_lag_events")).isFalse();
  }

  private static double delta(Scrape before, Scrape after, String series) {
    return after.value(series) - before.value(series);
  }
}
