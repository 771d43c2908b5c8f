package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dry-run extension of {@code POST /images/prune}: a plan, then exactly that plan. */
class PrunePlanTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_plan_deletes_nothing_and_its_execution_skips_what_changed_since() throws Exception {
    ImageId gone = NODE.driver().register("plan-gone", Optional.empty(),
        List.of(diffId("plan-1")));
    ImageId named = NODE.driver().register("plan-named", Optional.empty(),
        List.of(diffId("plan-2")));

    JsonNode plan = JSON.readTree(post("/v1.47/images/prune?dryrun=1").body());
    String token = plan.path("PlanToken").asText();
    assertThat(token).isNotBlank();
    assertThat(ids(plan.path("Plan"))).contains(gone.toString(), named.toString());
    assertThat(NODE.driver().image(gone).lifecycle()).isEqualTo(Lifecycle.PRESENT);

    assertThat(NODE.driver().tag(named.hex(), "plan:kept")).isEmpty();
    var executed = post("/v1.47/images/prune?plan=" + token);
    assertThat(executed.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(executed.body());
    assertThat(report.path("ImagesDeleted").toString())
        .contains("{\"Deleted\":\"" + gone + "\"}");
    assertThat(NODE.driver().image(gone).lifecycle()).isEqualTo(Lifecycle.DELETED);
    assertThat(report.path("Skipped").toString()).contains("\"Name\":\"" + named.hex() + "\"",
        "changed since the plan: its references are now [plan:kept]");
    assertThat(NODE.driver().image(named).lifecycle()).isEqualTo(Lifecycle.PRESENT);

    var again = post("/v1.47/images/prune?plan=" + token);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).isEqualTo("{\"message\":\"No such prune plan: " + token + "\"}");
  }

  /**
   * A dry run is a read: it journals nothing (its plan, every candidate's name and references,
   * was journaled each time), and its plan lives in the node's memory, so a restart forgets it.
   */
  @Test
  void a_dry_run_journals_nothing_and_its_plan_does_not_outlive_the_node() throws Exception {
    NODE.driver().register("plan-quiet", Optional.empty(), List.of(diffId("plan-quiet")));
    long before = journalLines();
    JsonNode plan = JSON.readTree(post("/v1.47/images/prune?dryrun=1").body());
    assertThat(plan.path("Plan").size()).isPositive();
    assertThat(journalLines()).isEqualTo(before);

    NODE.restart();
    String token = plan.path("PlanToken").asText();
    var forgotten = post("/v1.47/images/prune?plan=" + token);
    assertThat(forgotten.statusCode()).isEqualTo(404);
    assertThat(forgotten.body()).isEqualTo("{\"message\":\"No such prune plan: " + token + "\"}");
  }

  private static long journalLines() throws Exception {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/imagesaga/audit/journal")).build(),
        HttpResponse.BodyHandlers.ofString()).body().lines().count();
  }

  private static List<String> ids(JsonNode items) {
    List<String> ids = new ArrayList<>();
    items.forEach(item -> ids.add(item.path("Id").asText()));
    return ids;
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
