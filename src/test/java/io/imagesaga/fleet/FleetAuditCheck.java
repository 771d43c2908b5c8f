package io.imagesaga.fleet;

import static io.imagesaga.fleet.AgentCalls.imagesaga;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.fleet.AgentCalls.Run;
import io.imagesaga.testkit.AgentProcesses;
import io.imagesaga.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every host's audit log after a fleet's runs, through the {@code audit} command line: each
 * host's own log ({@code -H} of a running agent, {@code --data-dir} of a stopped one) holds
 * invariants 1-4 of docs/design.md, and so does each host's log as shipped into PostgreSQL
 * ({@code --fleet}); and {@code audit history --fleet} of a name holds each host's own history
 * of it exactly, once and in that host's order.
 */
final class FleetAuditCheck {
  private final AgentProcesses agents;
  private final AgentCalls calls;
  private final FleetDatabase database;

  FleetAuditCheck(AgentProcesses agents, AgentCalls calls, FleetDatabase database) {
    this.agents = agents;
    this.calls = calls;
    this.database = database;
  }

  /**
   * Checks every host: {@code running} through their agents, {@code stopped} (killed after
   * everything it journaled was shipped) through its data dir; {@code names} are the names
   * whose histories are compared.
   */
  void check(List<String> names, List<String> running, String stopped) throws Exception {
    for (String host : running) {
      calls.awaitShipped(database, host);
    }
    Map<String, List<String>> sources = new LinkedHashMap<>();
    running.forEach(host -> sources.put(host, List.of("-H", calls.address(host))));
    sources.put(stopped, List.of("--data-dir", agents.dataDir(stopped).toString()));

    sources.forEach((host, source) -> {
      Run verified = audit("verify", source);
      assertThat(verified.exit()).as("%s: %s%s", host, verified.out(), verified.err()).isZero();
      assertThat(verified.out()).as(host).contains("invariants 1-4 held");
    });
    Run fleet = audit("verify", fleetSource());
    assertThat(fleet.exit()).as(fleet.out() + fleet.err()).isZero();
    assertThat(byHost(fleet).keySet()).as("hosts verified from the fleet's log")
        .containsExactlyInAnyOrderElementsOf(sources.keySet());

    for (String name : names) {
      Run fleetHistory = audit("history", name, fleetSource());
      assertThat(fleetHistory.exit()).as(fleetHistory.err()).isZero();
      Map<String, List<String>> shipped = byHost(fleetHistory);
      int own = 0;
      for (var host : sources.entrySet()) {
        Run history = audit("history", name, host.getValue());
        assertThat(history.exit()).as(history.err()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(shipped.getOrDefault(host.getKey(), List.of()))
            .as("%s's history of %s, as the fleet's log has it", host.getKey(), name)
            .containsExactlyElementsOf(lines);
        own += lines.size();
      }
      assertThat(own).as("events of %s on every host", name).isPositive();
    }
  }

  private List<String> fleetSource() {
    return List.of("--fleet", "--jdbc-url", agents.jdbcUrl(), "--jdbc-user", TestPostgres.USER);
  }

  private static Run audit(String command, List<String> source) {
    return audit(command, null, source);
  }

  private static Run audit(String command, String name, List<String> source) {
    List<String> args = new ArrayList<>(List.of("audit", command));
    if (name != null) {
      args.add(name);
    }
    args.addAll(source);
    return imagesaga(args.toArray(String[]::new));
  }

  /** The lines of an {@code audit … --fleet} by the host that leads each, that lead taken off. */
  private static Map<String, List<String>> byHost(Run fleet) {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    fleet.out().lines().forEach(line -> {
      String[] hostAndRest = line.split(" {2}", 2);
      lines.computeIfAbsent(hostAndRest[0], h -> new ArrayList<>()).add(hostAndRest[1]);
    });
    return lines;
  }
}
