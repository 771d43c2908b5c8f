package io.imagesaga.fleet;

import static io.imagesaga.fleet.AgentCalls.JSON;
import static io.imagesaga.fleet.AgentCalls.imagesaga;
import static io.imagesaga.fleet.AgentCalls.part;
import static io.imagesaga.fleet.AgentCalls.statuses;
import static io.imagesaga.fleet.RmiAnswers.conflict;
import static io.imagesaga.fleet.RmiAnswers.dockerLines;
import static io.imagesaga.fleet.RmiAnswers.led;
import static io.imagesaga.fleet.RmiAnswers.notFound;
import static io.imagesaga.fleet.RmiAnswers.records;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.cli.DockerCli;
import io.imagesaga.fleet.AgentCalls.Run;
import io.imagesaga.fleet.RmiAnswers.Mixed;
import io.imagesaga.testkit.AgentLogs;
import io.imagesaga.testkit.AgentProcesses;
import io.imagesaga.testkit.EngineClient.Answer;
import io.imagesaga.testkit.TestArchives;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet deletes on three agents as three JVMs on one PostgreSQL (docs/fleet.md, "Fleet
 * deletes"): mixed outcomes through HTTP and the command line, each host's part held against
 * what {@code docker rmi} prints on that host alone; a host killed before its part; the agent
 * running a fleet delete killed in the middle ({@link ThreeAgentFailover}); a host that never
 * comes back; and, after all of it, every host's audit log checked and read back from the
 * fleet's. The agents run with a 30 s {@code IMAGESAGA_FLEET_UNREACHABLE_AFTER}, a 3 s split
 * brain resolver {@code stable-after} (7 s in conf/cluster.conf), fleet deletes asking pending
 * hosts every 500 ms and answering a client after 5 s. The failover and the latency tests print
 * their figures on stdout, each line led by {@code FLEET-E2E} (docs/testing.md, "Three agents").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeAgentDeleteTest {
  static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(30);
  static final Duration WITHIN = Duration.ofSeconds(90);

  @RegisterExtension
  static final AgentProcesses AGENTS = AgentProcesses.of("a", "b", "c")
      .environment("IMAGESAGA_FLEET_UNREACHABLE_AFTER", UNREACHABLE_AFTER.toSeconds() + "s")
      .systemProperty("pekko.cluster.split-brain-resolver.stable-after", "3s")
      .systemProperty("imagesaga.fleet.retry-every", "500ms")
      .systemProperty("imagesaga.fleet.saga-timeout", "5s");

  @TempDir static Path dockerConfig;
  static AgentCalls calls;
  static FleetDatabase database;
  /** The names fleet deletes were asked for, whose audit history the last test reads back. */
  static final List<String> NAMES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    AGENTS.startAll();
    calls = new AgentCalls(AGENTS, dockerConfig);
    database = new FleetDatabase(AGENTS.jdbcUrl());
  }

  @Test
  @Order(1)
  void a_fleet_rmi_deletes_on_a_refuses_on_b_where_a_container_runs_and_finds_nothing_on_c()
      throws Exception {
    Mixed mixed = mixed("e2e-http", "e2e/http:1");

    Answer answer = calls.fleetRmi("b", mixed.name(), "");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode view = JSON.readTree(answer.body());
    assertThat(statuses(view)).containsExactly("a done", "b done", "c done");
    assertThat(part(view, "a").path("Records")).isEqualTo(records(mixed.image(), mixed.name()));
    assertThat(part(view, "b").path("Error")).isEqualTo(conflict(mixed));
    assertThat(part(view, "c").path("Error")).isEqualTo(notFound(mixed.name()));
    // Each part is what docker rmi says on that host alone: b and c refuse and change nothing,
    // a is put back as it was (the same image loaded again) and deleted by docker rmi.
    assertThat(calls.docker("b", "rmi", mixed.name()).stderr()).isEqualTo(
        "Error response from daemon: " + part(view, "b").at("/Error/message").asText() + "\n");
    assertThat(calls.docker("c", "rmi", mixed.name()).stderr()).isEqualTo(
        "Error response from daemon: " + part(view, "c").at("/Error/message").asText() + "\n");
    calls.load("a", mixed.image(), mixed.name());
    assertThat(calls.docker("a", "rmi", mixed.name()).stdout())
        .isEqualTo(dockerLines(part(view, "a").path("Records")));
    String id = view.path("Id").asText();
    assertThat(calls.send("c", "GET", "/imagesaga/fleet/deletes/" + id).body())
        .as("any agent reads it back").isEqualTo(answer.body());
  }

  @Test
  @Order(2)
  void fleet_rmi_command_prints_each_hosts_part_as_docker_rmi_prints_it_there() throws Exception {
    Mixed mixed = mixed("e2e-cli", "e2e/cli:1");

    Run run = imagesaga("fleet", "rmi", mixed.name(), "-H", calls.address("c"));

    assertThat(run.exit()).as("b refused: %s", run.err()).isEqualTo(1);
    DockerCli.Result onB = calls.docker("b", "rmi", mixed.name());
    DockerCli.Result onC = calls.docker("c", "rmi", mixed.name());
    assertThat(run.err()).isEqualTo(led("b", onB.stderr()) + led("c", onC.stderr()));
    calls.load("a", mixed.image(), mixed.name());
    DockerCli.Result onA = calls.docker("a", "rmi", mixed.name());
    assertThat(onA.exit()).isZero();
    assertThat(run.out()).isEqualTo(led("a", onA.stdout()));
  }

  @Test
  @Order(3)
  void a_host_killed_before_its_part_is_pending_until_it_rejoins_and_then_does_it()
      throws Exception {
    TestArchives.Image image = TestArchives.image("e2e-late");
    String name = named("e2e/late:1");
    for (String host : List.of("a", "b", "c")) {
      calls.load(host, image, name);
    }
    killAndAwaitRemoved("c");

    Answer accepted = calls.fleetRmi("a", name, "");

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = JSON.readTree(accepted.body()).path("Id").asText();
    JsonNode waiting = calls.awaitDelete("b", id, view -> statuses(view).containsAll(
        List.of("a done", "b done")), WITHIN);
    assertThat(statuses(waiting)).containsExactly("a done", "b done", "c pending");
    AGENTS.start("c");
    JsonNode finished = calls.awaitDelete("b", id, view -> view.path("Finished").asBoolean(),
        WITHIN);
    assertThat(statuses(finished)).containsExactly("a done", "b done", "c done");
    for (String host : List.of("a", "b", "c")) {
      assertThat(part(finished, host).path("Records")).as(host).isEqualTo(records(image, name));
    }
    AGENTS.awaitReady("c");
    assertThat(calls.send("c", "GET", "/images/" + name + "/json").status()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void a_survivor_finishes_the_fleet_rmi_of_an_agent_killed_in_the_middle() throws Exception {
    Mixed mixed = mixed("e2e-kill", "e2e/kill:1");
    JsonNode finished = new ThreeAgentFailover(AGENTS, calls, database).run(mixed.name());

    assertThat(statuses(finished)).containsExactly("a done", "b done", "c done");
    assertThat(part(finished, "a").path("Records")).isEqualTo(records(mixed.image(),
        mixed.name()));
    assertThat(part(finished, "b").path("Error")).isEqualTo(conflict(mixed));
    assertThat(part(finished, "c").path("Error")).isEqualTo(notFound(mixed.name()));
    // Each host was asked twice, by the killed agent and by the survivor, and acted once: a
    // deleted, b journaled its refusal, c found nothing (which journals nothing).
    String started = "  rmi " + mixed.name() + " by ";
    assertThat(calls.auditLines("a", mixed.name(), started)).hasSize(1);
    assertThat(calls.auditLines("a", mixed.name(), "  Untagged: " + mixed.name() + ", Deleted: "
        + mixed.image().id())).hasSize(1);
    assertThat(calls.auditLines("b", mixed.name(), started)).hasSize(1);
    assertThat(calls.auditLines("b", mixed.name(), "  refused: conflict: ")).hasSize(1);
    assertThat(calls.auditLines("c", mixed.name(), "Deletion ")).isEmpty();
    assertThat(calls.send("a", "GET", "/images/" + mixed.name() + "/json").status())
        .isEqualTo(404);
  }

  @Test
  @Order(5)
  void fleet_rmi_latency_of_one_host_and_of_three() throws Exception {
    List<Long> one = new ArrayList<>();
    List<Long> three = new ArrayList<>();
    for (int run = 0; run < 10; run++) {
      one.add(timedRmi("e2e-one-" + run, "e2e/one:" + run, List.of("a"), "?hosts=a"));
      three.add(timedRmi("e2e-three-" + run, "e2e/three:" + run, List.of("a", "b", "c"), ""));
    }
    System.out.println("FLEET-E2E fleet rmi latency, HTTP request to 200, median of 10: hosts=a "
        + median(one) + " ms " + one + ", 3 hosts " + median(three) + " ms " + three);
  }

  @Test
  @Order(6)
  void a_host_that_never_comes_back_is_reported_unreachable_after_the_deadline()
      throws Exception {
    TestArchives.Image image = TestArchives.image("e2e-lost");
    String name = named("e2e/lost:1");
    for (String host : List.of("a", "b", "c")) {
      calls.load(host, image, name);
    }
    calls.awaitShipped(database, "c"); // c's audit log is read back from PostgreSQL after it
    killAndAwaitRemoved("c");

    Answer accepted = calls.fleetRmi("a", name, "");

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(part(JSON.readTree(accepted.body()), "c").path("Status").asText())
        .isEqualTo("pending");
    String id = JSON.readTree(accepted.body()).path("Id").asText();
    JsonNode finished = calls.awaitDelete("b", id, view -> view.path("Finished").asBoolean(),
        UNREACHABLE_AFTER.plus(WITHIN));
    assertThat(statuses(finished)).containsExactly("a done", "b done", "c unreachable");
    assertThat(part(finished, "a").path("Records")).isEqualTo(records(image, name));
    List<FleetDatabase.Event> events = database.events(id);
    assertThat(events).map(FleetDatabase.Event::type).containsExactly("Started",
        "HostAnswered", "HostAnswered", "HostsUnreachable", "Finished");
    assertThat(Duration.between(events.get(0).written(), events.get(3).written()))
        .isGreaterThanOrEqualTo(UNREACHABLE_AFTER);
  }

  @Test
  @Order(7)
  void every_hosts_audit_log_holds_the_invariants_and_the_fleets_is_each_hosts_own()
      throws Exception {
    new FleetAuditCheck(AGENTS, calls, database).check(NAMES, List.of("a", "b"), "c");
  }

  /**
   * Kills {@code host}'s agent with {@code kill -9} and waits until the others removed it from
   * the cluster: until then what is sent to a shard on the dead agent (a fleet delete, the host
   * registry a plan reads) is lost, and its asker waits host-timeout (docs/testing.md).
   */
  private static void killAndAwaitRemoved(String host) throws Exception {
    Instant killed = Instant.now();
    AGENTS.kill(host);
    calls.awaitUnreachable("a", host);
    new AgentLogs(AGENTS).awaitRemoved(host, List.of("a", "b"), killed, WITHIN);
  }

  /** An image on a and b, run by a container on b; c has never had it. */
  private static Mixed mixed(String seed, String name) throws Exception {
    TestArchives.Image image = TestArchives.image(seed);
    calls.load("a", image, named(name));
    calls.load("b", image, name);
    return new Mixed(name, image, calls.runContainer("b", name));
  }

  private static String named(String name) {
    NAMES.add(name);
    return name;
  }

  /** Loads {@code seed}'s image on {@code hosts} and deletes it on them: ms to the 200. */
  private static long timedRmi(String seed, String name, List<String> hosts, String query)
      throws Exception {
    TestArchives.Image image = TestArchives.image(seed);
    for (String host : hosts) {
      calls.load(host, image, name);
    }
    long start = System.nanoTime();
    Answer answer = calls.fleetRmi("a", name, query);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode view = JSON.readTree(answer.body());
    for (String host : hosts) {
      assertThat(part(view, host).path("Records")).isEqualTo(records(image, name));
    }
    return millis;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
  }
}
