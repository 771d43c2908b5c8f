package io.imagesaga.fleet;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.StepJournal;
import io.imagesaga.testkit.TestFleet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet deletes over the agents' own HTTP API, three agents in this JVM: mixed outcomes, dry
 * runs, the protected list, and a host whose agent is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetDeleteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    // Beta answers a client after one second: its fleet deletes are 202 while hosts pend.
    fleet = TestFleet.start(dir, host -> host.equals("beta")
        ? Map.of("imagesaga.fleet.retry-every", "200ms",
            "imagesaga.fleet.unreachable-after", "8s", "imagesaga.fleet.saga-timeout", "1s")
        : Map.of("imagesaga.fleet.retry-every", "200ms",
            "imagesaga.fleet.unreachable-after", "8s"), "alpha", "beta", "gamma");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  @Order(0)
  void bad_requests_are_refused_before_any_host_is_asked() throws Exception {
    assertThat(send("alpha", "DELETE", "/imagesaga/fleet/images/x:1?hosts=alpha,nosuch").body())
        .isEqualTo("{\"message\":\"no such host in the fleet: nosuch\"}");
    assertThat(send("alpha", "DELETE", "/imagesaga/fleet/images/Foo").body()).isEqualTo(
        "{\"message\":\"invalid reference format: repository name must be lowercase\"}");
    HttpResponse<String> filters = send("alpha", "POST",
        "/imagesaga/fleet/images/prune?filters=%7B%22nope%22:%5B%22x%22%5D%7D");
    assertThat(filters.statusCode()).isEqualTo(400);
    assertThat(filters.body()).isEqualTo("{\"message\":\"invalid filter 'nope'\"}");
    String unknown = java.util.UUID.randomUUID().toString();
    assertThat(send("beta", "GET", "/imagesaga/fleet/deletes/" + unknown).body())
        .isEqualTo("{\"message\":\"No such fleet delete: " + unknown + "\"}");
    assertThat(send("beta", "GET", "/imagesaga/fleet/deletes/nope").statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(1)
  void a_fleet_rmi_deletes_where_it_can_and_reports_each_hosts_refusal() throws Exception {
    ImageId id = register("alpha", "mixed", "mixed:1");
    register("beta", "mixed", "mixed:1");
    String container = "be".repeat(32);
    fleet.agent("beta").node().createContainer(container, "mixed:1");
    fleet.agent("beta").node().start(container);

    HttpResponse<String> answer = send("alpha", "DELETE", "/imagesaga/fleet/images/mixed:1");

    assertThat(answer.statusCode()).isEqualTo(200);
    String fleetId = JSON.readTree(answer.body()).get("Id").asText();
    assertThat(answer.body()).isEqualTo("{\"Id\":\"" + fleetId + "\",\"Name\":\"mixed:1\","
        + "\"DryRun\":false,\"Finished\":true,\"Hosts\":["
        + "{\"Host\":\"alpha\",\"Status\":\"done\",\"Records\":[{\"Untagged\":\"mixed:1\"},"
        + "{\"Deleted\":\"" + id + "\"},{\"Deleted\":\"" + layer("mixed") + "\"}]},"
        + "{\"Host\":\"beta\",\"Status\":\"done\",\"Error\":{\"status\":409,\"message\":"
        + "\"conflict: unable to remove repository reference \\\"mixed:1\\\" (must force) -"
        + " container " + container.substring(0, 12) + " is using its referenced image "
        + id.shortId() + "\",\"blockers\":{\"children\":[],\"containers\":[{\"id\":\""
        + container + "\",\"running\":true}]}}},"
        + "{\"Host\":\"gamma\",\"Status\":\"done\",\"Error\":{\"status\":404,\"message\":"
        + "\"No such image: mixed:1\"}}]}");
    assertThat(fleet.agent("alpha").node().image(id).isPresent()).isFalse();
    assertThat(fleet.agent("beta").node().image(id).isPresent()).isTrue();
    assertThat(send("gamma", "GET", "/imagesaga/fleet/deletes/" + fleetId).body())
        .as("any agent reads it back").isEqualTo(answer.body());
  }

  @Test
  @Order(2)
  void a_fleet_rmi_of_chosen_hosts_asks_only_them() throws Exception {
    register("alpha", "chosen", "chosen:1");
    register("gamma", "chosen", "chosen:1");
    JsonNode only = JSON.readTree(send("alpha", "DELETE",
        "/imagesaga/fleet/images/chosen:1?hosts=alpha,gamma&exclude-hosts=gamma").body());
    assertThat(only.get("Hosts")).hasSize(1);
    assertThat(only.at("/Hosts/0/Host").asText()).isEqualTo("alpha");
    assertThat(fleet.agent("gamma").node().rmi("chosen:1",
        io.imagesaga.deletion.DeleteOptions.defaults())).startsWith("Untagged: chosen:1");
  }

  @Test
  @Order(2)
  void a_dry_run_changes_nothing_and_answers_what_the_fleet_rmi_then_does() throws Exception {
    register("alpha", "dry", "dry:1");
    register("beta", "dry", "dry:1");
    fleet.agent("beta").node().createContainer("bd".repeat(32), "dry:1");
    Map<String, Integer> journaled = Map.of("alpha", auditLength("alpha"),
        "beta", auditLength("beta"), "gamma", auditLength("gamma"));

    JsonNode preview = JSON.readTree(send("alpha", "DELETE",
        "/imagesaga/fleet/images/dry:1?dryrun=1").body());

    journaled.forEach((host, length) -> assertThat(StepJournal.changesSince(
        fleet.agent(host).node(), length)).as("%s's journal", host).isEmpty());
    assertThat(preview.get("DryRun").asBoolean()).isTrue();
    JsonNode deleted = JSON.readTree(send("alpha", "DELETE", "/imagesaga/fleet/images/dry:1")
        .body());
    assertThat(preview.get("Hosts")).isEqualTo(deleted.get("Hosts"));
    assertThat(deleted.get("Hosts").get(0).get("Records")).hasSize(3);
    assertThat(deleted.get("Hosts").get(1).get("Error").get("status").asInt()).isEqualTo(409);
  }

  @Test
  @Order(3)
  void the_protected_list_refuses_before_any_host_and_each_host_checks_its_image()
      throws Exception {
    ImageId guarded = register("alpha", "guarded", "guard:1", "plain:1");
    HttpResponse<String> added = send("beta", "POST", "/imagesaga/fleet/protected?pattern="
        + URLEncoder.encode("guard:*", StandardCharsets.UTF_8));
    assertThat(added.body()).isEqualTo("{\"Patterns\":[\"guard:*\"]}");
    assertThat(send("gamma", "POST", "/imagesaga/fleet/protected?pattern=Bad").statusCode())
        .isEqualTo(400);

    HttpResponse<String> refused = send("alpha", "DELETE", "/imagesaga/fleet/images/guard:1");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).isEqualTo("{\"message\":\"conflict: unable to delete guard:1"
        + " (cannot be forced) - image is protected in the fleet: guard:1 matches guard:*\"}");

    JsonNode byOtherName = JSON.readTree(send("alpha", "DELETE",
        "/imagesaga/fleet/images/plain:1?force=1").body());
    assertThat(byOtherName.at("/Hosts/0/Error/message").asText()).isEqualTo("conflict: unable"
        + " to delete " + guarded.shortId() + " (cannot be forced) - image is protected in the"
        + " fleet: guard:1 matches guard:*");
    assertThat(fleet.agent("alpha").node().image(guarded).references()).hasSize(2);

    String labelled = URLEncoder.encode("{\"dangling\":[\"false\"],\"label\":[\"seed=guarded\"]}",
        StandardCharsets.UTF_8);
    JsonNode pruned = JSON.readTree(send("alpha", "POST",
        "/imagesaga/fleet/images/prune?filters=" + labelled).body());
    assertThat(pruned.at("/Hosts/0/Records")).isEmpty();
    assertThat(fleet.agent("alpha").node().image(guarded).isPresent()).isTrue();

    assertThat(send("gamma", "DELETE", "/imagesaga/fleet/protected?pattern=guard:*").body())
        .isEqualTo("{\"Patterns\":[]}");
    assertThat(send("gamma", "DELETE", "/imagesaga/fleet/protected?pattern=guard:*")
        .statusCode()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void a_fleet_prune_answers_each_hosts_records_and_reclaimed_space() throws Exception {
    ImageId id = register("beta", "fleet-prune", "pruned:1");
    String labelled = URLEncoder.encode(
        "{\"dangling\":[\"false\"],\"label\":[\"seed=fleet-prune\"]}", StandardCharsets.UTF_8);
    HttpResponse<String> answer = send("alpha", "POST",
        "/imagesaga/fleet/images/prune?filters=" + labelled);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode beta = JSON.readTree(answer.body()).at("/Hosts/1");
    assertThat(beta.get("Records").toString()).isEqualTo("[{\"Untagged\":\"pruned:1\"},"
        + "{\"Deleted\":\"" + id + "\"},{\"Deleted\":\"" + layer("fleet-prune") + "\"}]");
    assertThat(beta.get("Reclaimed").asLong()).isEqualTo(1000);
    assertThat(JSON.readTree(answer.body()).at("/Hosts/0/Records")).isEmpty();
  }

  @Test
  @Order(5)
  void a_host_whose_agent_is_gone_stays_pending_then_is_reported_unreachable()
      throws Exception {
    ImageId id = register("alpha", "lost", "lost:1");
    fleet.agent("gamma").fleet().close();

    HttpResponse<String> accepted = send("beta", "DELETE", "/imagesaga/fleet/images/lost:1");

    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode pending = JSON.readTree(accepted.body());
    assertThat(pending.get("Finished").asBoolean()).isFalse();
    assertThat(pending.at("/Hosts/2/Status").asText()).isEqualTo("pending");
    String path = "/imagesaga/fleet/deletes/" + pending.get("Id").asText();
    TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
    JsonNode finished = probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(300), () -> {
      HttpResponse<String> now = send("alpha", "GET", path);
      assertThat(now.statusCode()).isEqualTo(200);
      return JSON.readTree(now.body());
    });
    assertThat(finished.get("Finished").asBoolean()).isTrue();
    assertThat(finished.at("/Hosts/0/Records")).hasSize(3);
    assertThat(finished.at("/Hosts/1/Error/status").asInt()).isEqualTo(404);
    assertThat(finished.at("/Hosts/2").toString())
        .isEqualTo("{\"Host\":\"gamma\",\"Status\":\"unreachable\"}");
    assertThat(fleet.agent("alpha").node().image(id).isPresent()).isFalse();
  }

  private static ImageId register(String host, String seed, String... tags) {
    return fleet.agent(host).node().register(seed, Optional.empty(),
        List.of(diffId(seed + "-l1")), tags);
  }

  private static String layer(String seed) {
    return ChainIds.of(List.of(diffId(seed + "-l1"))).get(0).toString();
  }

  private static int auditLength(String host) {
    return StepJournal.auditLog(fleet.agent(host).node()).size();
  }

  private static HttpResponse<String> send(String host, String method, String path)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.http(host)
            + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
