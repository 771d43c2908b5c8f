package io.imagesaga.fleet;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.TestFleet;
import io.imagesaga.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent running a fleet delete leaves the fleet while a host is pending: a survivor starts
 * the saga again by itself (nobody asks it anything) and finishes it.
 */
class FleetDeleteHandoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, host -> Map.of("imagesaga.fleet.retry-every", "200ms",
        "imagesaga.fleet.unreachable-after", "10s", "imagesaga.fleet.saga-timeout", "1s"),
        "alpha", "beta", "gamma", "delta");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void a_survivor_carries_on_the_fleet_delete_of_an_agent_that_left() throws Exception {
    fleet.agent("alpha").node().register("handover", Optional.empty(),
        List.of(diffId("handover-l1")), "handover:1");
    fleet.agent("delta").fleet().close();
    HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + fleet.http("alpha")
                + "/imagesaga/fleet/images/handover:1")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = JSON.readTree(accepted.body()).get("Id").asText();

    String runner = runnerOf(id);
    fleet.agent(runner).fleet().close();

    TestProbe<Object> probe = TestProbe.create(fleet.agent(survivor(runner)).node().node()
        .system());
    probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
      assertThat(journaled(id)).as("journaled by the saga, nobody asking it")
          .endsWith("FleetDeleteEvent$Finished");
      return null;
    });
    JsonNode finished = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + fleet.http(survivor(runner))
                + "/imagesaga/fleet/deletes/" + id)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(finished.at("/Hosts/0/Host").asText()).isEqualTo("alpha");
    assertThat(finished.at("/Hosts/0/Records")).hasSize(3);
    assertThat(finished.at("/Hosts/2").toString())
        .isEqualTo("{\"Host\":\"delta\",\"Status\":\"unreachable\"}");
  }

  /** The agent whose shard region holds the fleet delete's entity now. */
  private static String runnerOf(String id) {
    for (String host : List.of("alpha", "beta", "gamma")) {
      var system = fleet.agent(host).fleet().system();
      TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(system);
      ClusterSharding.get(system).shardState().tell(new GetShardRegionState(
          FleetDeleteEntity.ENTITY_TYPE_KEY, probe.ref()));
      if (probe.receiveMessage().getShards().stream()
          .anyMatch(shard -> shard.getEntityIds().contains(id))) {
        return host;
      }
    }
    throw new AssertionError("no agent runs fleet delete " + id);
  }

  private static String survivor(String gone) {
    return gone.equals("beta") ? "gamma" : "beta";
  }

  /** The manifests of the saga's journaled events, in order, read from PostgreSQL. */
  private static String journaled(String id) throws Exception {
    try (Connection c = DriverManager.getConnection(fleet.jdbcUrl(), TestPostgres.USER, "");
        PreparedStatement s = c.prepareStatement("SELECT event_ser_manifest FROM event_journal"
            + " WHERE persistence_id = ? ORDER BY sequence_number")) {
      s.setString(1, "FleetDelete|" + id);
      StringBuilder manifests = new StringBuilder();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          manifests.append(rows.getString(1)).append(' ');
        }
      }
      return manifests.toString().trim();
    }
  }
}
