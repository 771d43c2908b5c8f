package io.imagesaga.fleet;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.TestFleet;
import io.imagesaga.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose PostgreSQL is away when it starts serves its host all the same, says why it
 * is not ready, and joins the fleet by itself once the database is back.
 */
class FleetStartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void an_agent_serves_its_host_while_its_database_is_away_and_joins_once_it_is_back()
      throws Exception {
    TestPostgres postgres = TestPostgres.get();
    String jdbcUrl = postgres.newDatabase("away");
    postgres.allowConnections(jdbcUrl, false);
    try (TestFleet fleet = TestFleet.starting(dir, jdbcUrl,
        host -> Map.of("imagesaga.fleet.schema-retry.first", "100ms",
            "imagesaga.fleet.schema-retry.max-backoff", "300ms"), "alpha")) {
      EngineClient api = new EngineClient(fleet.http("alpha"), Duration.ofSeconds(30));
      ImageId kept = fleet.agent("alpha").node().register("kept", Optional.empty(),
          List.of(diffId("kept")), "kept:1");
      fleet.agent("alpha").node().register("gone", Optional.empty(), List.of(diffId("gone")),
          "gone:1");

      assertThat(api.send("GET", "/images/json", null, null).body()).contains(kept.toString());
      EngineClient.Answer removed = api.send("DELETE", "/images/gone:1", null, null);
      assertThat(removed.status()).isEqualTo(200);
      assertThat(removed.body()).contains("\"Deleted\"");
      String away = "the fleet's PostgreSQL at " + jdbcUrl + " is not reachable: ";
      // Until its first attempt fails, the agent only knows the database has not answered.
      TestProbe.create(fleet.agent("alpha").fleet().system()).awaitAssert(() -> {
        EngineClient.Answer ready = api.send("GET", "/imagesaga/ready", null, null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(message(ready)).startsWith("not ready: " + away)
            .contains("is not currently accepting connections");
        return null;
      });
      EngineClient.Answer listing = api.send("GET", "/imagesaga/fleet/images", null, null);
      assertThat(listing.status()).isEqualTo(503);
      assertThat(message(listing)).startsWith(away);

      postgres.allowConnections(jdbcUrl, true);
      fleet.awaitReady();

      assertThat(api.send("GET", "/imagesaga/ready", null, null).status()).isEqualTo(200);
      listing = api.send("GET", "/imagesaga/fleet/images", null, null);
      assertThat(listing.status()).isEqualTo(200);
      JsonNode view = JSON.readTree(listing.body());
      assertThat(view.get("Hosts").toString())
          .isEqualTo("[{\"Host\":\"alpha\",\"Status\":\"reachable\"}]");
      assertThat(view.get("Images").findValuesAsText("Id")).containsExactly(kept.toString());
    }
  }

  private static String message(EngineClient.Answer answer) throws Exception {
    return JSON.readTree(answer.body()).get("message").asText();
  }
}
