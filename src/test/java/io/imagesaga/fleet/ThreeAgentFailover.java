package io.imagesaga.fleet;

import static io.imagesaga.fleet.AgentCalls.part;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.testkit.AgentLogs;
import io.imagesaga.testkit.AgentProcesses;
import io.imagesaga.testkit.JournalGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A fleet rmi on three agents whose saga's agent is killed with {@code kill -9} in the middle:
 * after every host did its part and before any answer is journaled. The fleet's PostgreSQL
 * holds back the saga's first {@code HostAnswered} ({@link JournalGate}), which also tells
 * whose session writes it: that agent runs the saga. Once a's delete is journaled on a, that
 * agent is killed, its session ended (a transaction left waiting is rolled back) and the gate
 * opened. A survivor must start the saga by itself, ask every host again and get each one's
 * first result; the killed agent's host stays pending until it is started again.
 *
 * <p>Prints, with the prefix {@code FLEET-E2E}, how long it took from the kill to the end the
 * survivor journaled, and of it the failure detection and split brain resolver (from the
 * survivors' logs) and the rest (from the saga's journal).
 */
final class ThreeAgentFailover {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final List<String> HOSTS = List.of("a", "b", "c");

  private final AgentProcesses agents;
  private final AgentCalls calls;
  private final FleetDatabase database;
  private final AgentLogs logs;

  ThreeAgentFailover(AgentProcesses agents, AgentCalls calls, FleetDatabase database) {
    this.agents = agents;
    this.calls = calls;
    this.database = database;
    this.logs = new AgentLogs(agents);
  }

  /** The fleet delete whose agent was killed, which agent, when, and the agents left. */
  private record Killed(String id, String runner, Instant at, List<String> survivors) {}

  /** Runs the fleet rmi of {@code name} through it all: the finished fleet delete's view. */
  JsonNode run(String name) throws Exception {
    Killed killed = killRunnerAfterTheParts(name);
    String survivor = killed.survivors().get(0);
    JsonNode carried = calls.awaitDelete(survivor, killed.id(), view -> killed.survivors()
        .stream().allMatch(h -> part(view, h).path("Status").asText().equals("done")), WITHIN);
    assertThat(part(carried, killed.runner()).path("Status").asText()).isEqualTo("pending");
    Instant carriedOn = logs.first(killed.survivors(), "fleet delete " + killed.id()
        + ": carrying on, pending [a, b, c]", killed.at()).orElseThrow(() -> new AssertionError(
        "no survivor logged carrying on fleet delete " + killed.id() + ", every host pending"));

    Instant restarted = Instant.now();
    agents.start(killed.runner());
    JsonNode finished = calls.awaitDelete(survivor, killed.id(),
        view -> view.path("Finished").asBoolean(), WITHIN);
    List<FleetDatabase.Event> events = database.events(killed.id());
    assertThat(events).map(FleetDatabase.Event::type).containsExactly("Started",
        "HostAnswered", "HostAnswered", "HostAnswered", "Finished");
    assertThat(events.subList(1, events.size())).as("every answer journaled after the kill")
        .allMatch(e -> !e.written().isBefore(killed.at()));
    agents.awaitReady(killed.runner());
    print(killed, carriedOn, restarted, events);
    return finished;
  }

  /**
   * Asks a for the fleet rmi of {@code name} with the saga's answers held back, and kills the
   * agent that runs it once every host did its part: nothing but the plan is journaled then.
   */
  private Killed killRunnerAfterTheParts(String name) throws Exception {
    Set<String> before = database.fleetDeletes();
    long aBefore = calls.auditEnd("a");
    try (JournalGate gate = JournalGate.hold(agents.jdbcUrl(),
        FleetDeleteEntity.ENTITY_TYPE_KEY.name() + "|", "$HostAnswered")) {
      CompletableFuture.runAsync(() -> {
        try {
          calls.fleetRmi("a", name, "");
        } catch (Exception lost) {
          // a ran the saga and was killed: its client lost the answer with it
        }
      });
      String runner = hostOf(gate.awaitWaiting(WITHIN));
      String id = newFleetDelete(before);
      AgentCalls.awaitTrue(() -> calls.auditJournal("a", aBefore).stream().anyMatch(
          r -> r.path("type").asText().equals("DeletionEvent.Finished")),
          "a never journaled the end of its part");
      Instant at = Instant.now();
      agents.kill(runner);
      assertThat(gate.terminate(AgentProcesses.applicationName(runner)))
          .as("%s's sessions, the one waiting at the gate among them", runner).isPositive();
      return new Killed(id, runner, at, HOSTS.stream().filter(h -> !h.equals(runner)).toList());
    }
  }

  /** The fleet delete journaled since {@code before}: there is exactly one. */
  private String newFleetDelete(Set<String> before) throws Exception {
    List<String> fresh = new ArrayList<>(database.fleetDeletes());
    fresh.removeAll(before);
    assertThat(fresh).hasSize(1);
    return fresh.get(0);
  }

  private static String hostOf(String applicationName) {
    return HOSTS.stream().filter(h -> AgentProcesses.applicationName(h).equals(applicationName))
        .findFirst().orElseThrow(() -> new AssertionError("a session of no agent, "
            + applicationName + ", waited at the gate"));
  }

  private void print(Killed kill, Instant carriedOn, Instant restarted,
      List<FleetDatabase.Event> events) {
    String runner = kill.runner();
    List<String> survivors = kill.survivors();
    Instant killed = kill.at();
    Instant unreachable = logs.first(survivors, "Marking node as UNREACHABLE [Member("
        + logs.member(runner), killed).orElseThrow();
    Instant downed = logs.downed(runner, survivors, killed).orElseThrow();
    Instant removed = logs.first(survivors, "Association to [" + logs.member(runner)
        + "] with UID", killed).orElseThrow();
    Instant answered = events.get(2).written();
    Instant end = events.get(4).written();
    System.out.println("FLEET-E2E kill -9 of " + runner + ", the agent running fleet delete "
        + kill.id() + ", to a survivor journaling its end: " + since(killed, end) + ". Failover "
        + since(killed, answered) + " = failure detection " + since(killed, unreachable)
        + " (kill to UNREACHABLE) + split brain resolver " + since(unreachable, downed)
        + " (stable-after, to its decision) + removal " + since(downed, removed) + " + "
        + since(removed, carriedOn) + " to the saga carrying on on a survivor (removal margin,"
        + " = stable-after, then the shard restarted) + " + since(carriedOn, answered) + " for "
        + String.join(" and ", survivors) + " to answer again; then " + runner + ", restarted"
        + " at +" + since(killed, restarted) + ", answered and the end was journaled at +"
        + since(killed, end) + " (its restart took " + since(restarted, end) + ")");
  }

  private static String since(Instant from, Instant to) {
    return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
  }
}
