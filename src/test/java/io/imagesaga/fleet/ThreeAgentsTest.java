package io.imagesaga.fleet;

import static io.imagesaga.fleet.FleetViewJson.holders;
import static io.imagesaga.fleet.FleetViewJson.hosts;
import static io.imagesaga.fleet.FleetViewJson.image;
import static io.imagesaga.fleet.FleetViewJson.statuses;
import static io.imagesaga.fleet.FleetViewJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.app.Main;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.testkit.AgentProcesses;
import io.imagesaga.testkit.ClusterObserver;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.EngineClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three agents as three JVMs on one PostgreSQL, as an operator runs them: joining, the fleet's
 * image view from every agent, an agent killed with {@code kill -9} and restarted, and one
 * stopped with SIGTERM. The sample chain is loaded on a and c, c tags it and runs a container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeAgentsTest {
  @RegisterExtension static final AgentProcesses AGENTS = AgentProcesses.of("a", "b", "c");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 100;

  /** sample/app:1's image ID, once loaded; its container on c. */
  private static String app1;
  private static String containerOnC;

  @Test
  @Order(1)
  void ready_answers_503_until_the_agent_joined_the_fleet_and_200_after() throws Exception {
    // a is the first seed node: only it may start the fleet, so b and c wait for it.
    AGENTS.start("b");
    AGENTS.start("c");
    AGENTS.node("b").awaitStatus("/imagesaga/ready", 503, Duration.ofSeconds(90));
    HttpResponse<String> waiting = AGENTS.node("b").get("/imagesaga/ready");
    assertThat(waiting.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(waiting.body()).path("message").asText())
        .isEqualTo("not ready: host b has not joined the fleet yet");
    assertThat(AGENTS.node("b").get("/imagesaga/health").statusCode()).isEqualTo(200);

    AGENTS.startAll(); // a too, and waits until all three are ready
    for (String host : List.of("a", "b", "c")) {
      HttpResponse<String> ready = AGENTS.node(host).get("/imagesaga/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ready.body()).path("Fleet").asText()).isEqualTo(host);
    }
  }

  @Test
  @Order(2)
  void every_agent_lists_an_image_held_on_two_hosts_with_its_tags_and_containers()
      throws Exception {
    prepare();
    for (String host : List.of("a", "b", "c")) {
      JsonNode view = awaitImages(host, ThreeAgentsTest::allReachable);
      JsonNode image = image(view, app1).orElseThrow();
      assertThat(holders(image)).as("from %s", host).containsExactly("a", "c");
      assertThat(strings(image.path("Hosts").get(0).path("RepoTags")))
          .containsExactly("sample/app:1");
      assertThat(image.path("Hosts").get(0).path("Containers")).isEmpty();
      assertThat(strings(image.path("Hosts").get(1).path("RepoTags")))
          .containsExactlyInAnyOrder("sample/app:1", "sample/app:prod");
      JsonNode container = image.path("Hosts").get(1).path("Containers").get(0);
      assertThat(container.path("Id").asText()).isEqualTo(containerOnC);
      assertThat(container.path("Running").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(3)
  void fleet_images_command_prints_the_fleet_from_any_agent() throws Exception {
    prepare();
    awaitImages("b", ThreeAgentsTest::allReachable);
    Run run = fleetImagesCommand("b");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0).split(" {3,}"))
        .containsExactly("IMAGE ID", "HOST", "REPOSITORY", "TAG", "CONTAINERS");
    String base = shortId("sample/base:latest");
    String one = shortId("sample/app:1");
    String two = shortId("sample/app:2");
    assertThat(lines.subList(1, lines.size())).map(l -> String.join("|", l.split(" {3,}")))
        .containsExactlyInAnyOrder(
            base + "|a|sample/base|latest|0", base + "|c|sample/base|latest|0",
            one + "|a|sample/app|1|0", one + "|c|sample/app|1|1 (1 running)",
            one + "|c|sample/app|prod|1 (1 running)",
            two + "|a|sample/app|2|0", two + "|c|sample/app|2|0");
  }

  @Test
  @Order(4)
  void a_killed_agent_is_listed_unreachable_by_the_others_and_comes_back_with_its_images()
      throws Exception {
    prepare();
    AGENTS.kill("c");
    for (String host : List.of("a", "b")) {
      JsonNode view = awaitImages(host, v -> statuses(v).contains("c unreachable"));
      assertThat(statuses(view)).containsExactly("a reachable", "b reachable",
          "c unreachable");
      assertThat(holders(image(view, app1).orElseThrow())).containsExactly("a");
    }
    Run listed = fleetImagesCommand("b");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).doesNotContain("   c   ");
    assertThat(listed.err())
        .isEqualTo("WARNING: host c is unreachable: its images are not listed\n");

    AGENTS.start("c");
    AGENTS.awaitReady("c");
    for (String host : List.of("a", "b")) {
      JsonNode view = awaitImages(host, v -> statuses(v).contains("c reachable"));
      JsonNode image = image(view, app1).orElseThrow();
      assertThat(holders(image)).containsExactly("a", "c");
      assertThat(strings(image.path("Hosts").get(1).path("RepoTags")))
          .containsExactlyInAnyOrder("sample/app:1", "sample/app:prod");
      assertThat(image.path("Hosts").get(1).path("Containers").get(0).path("Id").asText())
          .isEqualTo(containerOnC);
    }
  }

  @Test
  @Order(5)
  void a_terminated_agent_leaves_the_fleet_gracefully_instead_of_being_downed()
      throws Exception {
    prepare();
    Address c = ClusterObserver.address(AGENTS.remotePort("c"));
    try (ClusterObserver observer = ClusterObserver.join(AGENTS.seedNodes(),
        AGENTS.certificates().node("observer").config())) {
      observer.awaitUp(c, WITHIN);
      AGENTS.terminate("c", WITHIN);
      List<ClusterEvent.MemberEvent> changes = observer.awaitRemoved(c, WITHIN);
      assertThat(changes).noneMatch(ClusterEvent.MemberDowned.class::isInstance);
      assertThat(ClusterObserver.left(changes.get(changes.size() - 1)))
          .as("removed after exiting: %s", changes).isTrue();
    }
    for (String host : List.of("a", "b")) {
      assertThat(statuses(awaitImages(host, v -> statuses(v).contains("c unreachable"))))
          .containsExactly("a reachable", "b reachable", "c unreachable");
    }
  }

  record Run(int exit, String out, String err) {}

  /** {@code imagesaga fleet images -H <host's agent>}, as an operator runs it. */
  private static Run fleetImagesCommand(String host) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute("fleet", "images", "-H", "tcp://127.0.0.1:" + AGENTS.httpPort(host));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String shortId(String name) throws Exception {
    return JSON.readTree(ok(engine("a").send("GET", "/images/" + name + "/json", null, null))
        .body()).path("Id").asText().substring(7, 19);
  }

  /**
   * Every agent in view: an agent is ready once it joined, but its host agent's registration
   * reaches the others' receptionists by gossip, a moment later.
   */
  private static boolean allReachable(JsonNode view) {
    return statuses(view).equals(List.of("a reachable", "b reachable", "c reachable"));
  }

  /** Starts the agents; loads the sample on a and c, once, and tags and runs it on c. */
  private static void prepare() throws Exception {
    AGENTS.startAll();
    if (app1 != null) {
      return;
    }
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    SampleArchive.write(tar);
    for (String host : List.of("a", "c")) {
      ok(engine(host).send("POST", "/images/load?quiet=1", tar.toByteArray(),
          "application/x-tar"));
    }
    EngineClient c = engine("c");
    ok(c.send("POST", "/images/sample/app:1/tag?repo=sample/app&tag=prod", null, null));
    containerOnC = JSON.readTree(ok(c.send("POST", "/containers/create?name=web",
        "{\"Image\":\"sample/app:prod\"}".getBytes(), "application/json")).body())
        .path("Id").asText();
    ok(c.send("POST", "/containers/" + containerOnC + "/start", null, null));
    app1 = JSON.readTree(ok(engine("a").send("GET", "/images/sample/app:1/json", null, null))
        .body()).path("Id").asText();
  }

  private static EngineClient engine(String host) {
    return new EngineClient(AGENTS.httpPort(host), WITHIN);
  }

  private static Answer ok(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
    return answer;
  }

  private static JsonNode images(String host) throws IOException, InterruptedException {
    HttpResponse<String> answer = AGENTS.node(host).get("/imagesaga/fleet/images");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  /**
   * Polls {@code host}'s fleet view until {@code until} holds; every view it answers meanwhile
   * lists every host (a host is never silently missing). An answer that takes longer than a
   * poll's timeout (asked while a dead agent was not yet seen unreachable) is asked again.
   */
  private static JsonNode awaitImages(String host, Predicate<JsonNode> until)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      try {
        JsonNode view = images(host);
        seen.add(String.join(", ", statuses(view)));
        assertThat(hosts(view)).as("hosts listed by %s", host).containsExactly("a", "b", "c");
        if (until.test(view)) {
          return view;
        }
      } catch (java.net.http.HttpTimeoutException slow) {
        seen.add("(no answer in time)");
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new AssertionError(host + "'s fleet view never got there; it answered " + seen);
  }
}
