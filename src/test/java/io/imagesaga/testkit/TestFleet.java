package io.imagesaga.testkit;

import io.imagesaga.api.HttpServer;
import io.imagesaga.api.Routes;
import io.imagesaga.app.AppConfig;
import io.imagesaga.app.FleetMembership;
import io.imagesaga.fleet.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/**
 * Agents of one fleet in this JVM, each a node with its own data dir and a fleet system on its
 * own remoting port, all on one database of {@link TestPostgres}; the first agent is the seed.
 * Each agent has a node certificate of the fleet's own CA ({@link FleetCertificates}).
 * For tests of the fleet's logic; the three-JVM tests run agents as processes.
 */
public final class TestFleet implements AutoCloseable {

  /** One agent: its host name, its node, its fleet membership. */
  public record Agent(String host, NodeDriver node, Fleet fleet) {}

  private final List<Agent> agents = new ArrayList<>();
  private final Map<String, Integer> ports = new HashMap<>();
  private final String jdbcUrl;
  private final int seedPort;
  private final Path root;
  private final Function<String, Map<String, ?>> overrides;
  private final FleetCertificates certificates;

  private TestFleet(Path root, String jdbcUrl, int seedPort,
      Function<String, Map<String, ?>> overrides) throws IOException {
    if (!Boolean.getBoolean("jdk.tls.acknowledgeCloseNotify")) {
      throw new IllegalStateException("run with -Djdk.tls.acknowledgeCloseNotify=true, as"
          + " pom.xml's argLine does: without it an agent's TLS streams may keep it from"
          + " stopping (imagesaga.app.Main)");
    }
    this.root = root;
    this.certificates = FleetCertificates.create(
        Files.createTempDirectory(Files.createDirectories(root), "cluster-certs"));
    this.jdbcUrl = jdbcUrl;
    this.seedPort = seedPort;
    this.overrides = overrides;
  }

  /** Agents named {@code hosts}, each up and registered in the fleet when this returns. */
  public static TestFleet start(Path root, String... hosts) throws Exception {
    return start(root, host -> Map.of(), hosts);
  }

  /** {@link #start(Path, String...)} with {@code overrides} of every agent's fleet settings. */
  public static TestFleet start(Path root, Map<String, ?> overrides, String... hosts)
      throws Exception {
    return start(root, host -> overrides, hosts);
  }

  /**
   * {@link #start(Path, String...)}, each agent's fleet configuration with
   * {@code overrides.apply(host)} (configuration paths) winning over the test defaults.
   */
  public static TestFleet start(Path root, Function<String, Map<String, ?>> overrides,
      String... hosts) throws Exception {
    TestFleet fleet = starting(root, TestPostgres.get().newDatabase("fleet"), overrides, hosts);
    try {
      fleet.awaitReady();
    } catch (Exception | Error e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /**
   * Agents named {@code hosts} on the database at {@code jdbcUrl}, each serving its host when
   * this returns but not necessarily in the fleet yet ({@link #awaitReady}).
   */
  public static TestFleet starting(Path root, String jdbcUrl,
      Function<String, Map<String, ?>> overrides, String... hosts) throws Exception {
    TestFleet fleet = new TestFleet(root, jdbcUrl, Ports.free(), overrides);
    try {
      for (String host : hosts) {
        fleet.add(host);
      }
    } catch (Exception | Error e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  private void add(String host) throws Exception {
    int port = agents.isEmpty() ? seedPort : Ports.free();
    NodeDriver node = NodeDriver.start(Files.createDirectories(root.resolve(host)));
    try {
      agents.add(new Agent(host, node, join(host, node, port)));
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  private Fleet join(String host, NodeDriver node, int port) throws Exception {
    Map<String, Object> config = new HashMap<>(Map.of(
        "imagesaga.fleet.host-name", host,
        "imagesaga.fleet.seed-nodes", "127.0.0.1:" + seedPort,
        "imagesaga.fleet.jdbc.url", jdbcUrl,
        "imagesaga.fleet.jdbc.user", TestPostgres.USER,
        "imagesaga.fleet.unreachable-after", "20s",
        "pekko.remote.artery.canonical.port", port,
        "pekko.cluster.split-brain-resolver.stable-after", "2s"));
    config.putAll(certificates.node(host).config());
    config.putAll(overrides.apply(host));
    return FleetMembership.join(AppConfig.loadFleet(Path.of("conf"), config), node.node())
        .orElseThrow();
  }

  /**
   * Stops the fleet membership of {@code host} (not the seed's: it would found a fleet of its
   * own), runs {@code whileAway} while its node carries on alone, then joins again with a new
   * membership, as a restarted agent on the same data dir would; waits until it is ready.
   */
  public Agent rejoin(String host, Runnable whileAway) throws Exception {
    Agent agent = agent(host);
    if (agent == agents.get(0)) {
      throw new IllegalArgumentException(host + " is the seed");
    }
    agent.fleet().close();
    whileAway.run();
    Agent again = new Agent(host, agent.node(), join(host, agent.node(), Ports.free()));
    agents.set(agents.indexOf(agent), again);
    awaitReady();
    return again;
  }

  /**
   * The agent's API (the Engine API and the fleet's endpoints) on a free loopback port, bound on
   * first use: its port.
   */
  public int http(String host) {
    return ports.computeIfAbsent(host, h -> HttpServer.start(new Routes(agent(h).node().node(),
        Optional.of(agent(h).fleet())).route(), "127.0.0.1", 0, agent(h).node().node().system())
        .localAddress().getPort());
  }

  /** Waits until every agent reports ready (joined, and known to the host registry). */
  public void awaitReady() {
    TestProbe<Object> probe = TestProbe.create(agents.get(0).fleet().system());
    probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
      agents.forEach(a -> {
        if (!a.fleet().ready()) {
          throw new AssertionError(a.host() + " has not joined yet");
        }
      });
      return null;
    });
  }

  public Agent agent(String host) {
    return agents.stream().filter(a -> a.host().equals(host)).findFirst().orElseThrow();
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The CA that issued every agent's node certificate (docs/security.md, "Cluster transport"). */
  public FleetCertificates certificates() {
    return certificates;
  }

  /** {@code 127.0.0.1:<port>} of the seed's fleet system. */
  public String seedNodes() {
    return "127.0.0.1:" + seedPort;
  }

  /** Stops the last agents first, the seed last. */
  @Override
  public void close() {
    for (int i = agents.size() - 1; i >= 0; i--) {
      agents.get(i).fleet().close();
      agents.get(i).node().close();
    }
  }

}
