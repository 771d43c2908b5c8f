package io.imagesaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Agents of one fleet as child JVMs ({@link ChildNode}), one per host, each with its own data
 * dir, HTTP port and remoting port, configured by the environment variables an operator sets
 * (docs/fleet.md, "Configuration"), all on one database of {@link TestPostgres}, each with a
 * node certificate of the class's own CA ({@link FleetCertificates}); every agent
 * lists all of them as seed nodes, the first host first. Register with
 * {@code @RegisterExtension static final AgentProcesses AGENTS = AgentProcesses.of("a", …)},
 * with settings of every agent added by {@link #environment} and {@link #systemProperty};
 * agents start when a test asks. Each agent's sessions in PostgreSQL carry its {@link
 * #applicationName}, so a test can tell them apart in {@code pg_stat_activity}. Each agent's
 * output is appended to {@code target/fleet-harness/<class>-<time>/<host>.log}, across its
 * restarts, and a failing test's message names those files.
 */
public final class AgentProcesses
    implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
  /** From the process's start to {@code /imagesaga/ready}: a JVM start, recovery, a join. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);

  /** One host's agent: its ports, data dir and log, and its process while it runs. */
  private static final class Agent {
    final String host;
    final int httpPort;
    final int remotePort;
    Path dataDir;
    Path log;
    ChildNode process;

    Agent(String host, int httpPort, int remotePort) {
      this.host = host;
      this.httpPort = httpPort;
      this.remotePort = remotePort;
    }
  }

  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private String jdbcUrl;
  private Path root;
  private FleetCertificates certificates;

  private AgentProcesses(List<String> hosts) {
    try {
      for (String host : hosts) {
        agents.put(host, new Agent(host, Ports.free(), Ports.free()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AgentProcesses of(String... hosts) {
    return new AgentProcesses(List.of(hosts));
  }

  /** Sets {@code key} (an {@code IMAGESAGA_…} variable) in every agent's environment. */
  public AgentProcesses environment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** Starts every agent's JVM with {@code -Dkey=value}, which overrides the conf files. */
  public AgentProcesses systemProperty(String key, String value) {
    jvmOptions.add("-D" + key + "=" + value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    root = Path.of("target", "fleet-harness", context.getRequiredTestClass().getSimpleName()
        + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .toAbsolutePath();
    Files.createDirectories(root);
    // Agents must not outlive a test JVM that ends without afterAll (a crash, a kill).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> agents.values().stream()
        .filter(a -> a.process != null).forEach(a -> a.process.sigkill())));
    jdbcUrl = TestPostgres.get().newDatabase("agents");
    certificates = FleetCertificates.create(root.resolve("certs"));
    for (Agent agent : agents.values()) {
      agent.dataDir = Files.createDirectories(root.resolve(agent.host + "-data"));
      agent.log = root.resolve(agent.host + ".log");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    for (Agent agent : agents.values()) {
      if (agent.process != null) {
        agent.process.kill();
      }
    }
  }

  /** A failing test names the agents' logs. */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (failure instanceof TestAbortedException) {
      throw failure;
    }
    throw new AssertionError((failure.getMessage() != null ? failure.getMessage()
        : failure.toString()) + "\n" + logs(), failure);
  }

  /** Where each agent's output goes. */
  public String logs() {
    return "agent logs: " + agents.values().stream().map(a -> a.host + " " + a.log)
        .collect(Collectors.joining(", "));
  }

  /** Starts {@code host}'s agent (again, on the same data dir and ports) without waiting. */
  public void start(String host) throws IOException {
    Agent agent = agent(host);
    if (agent.process != null && agent.process.isAlive()) {
      throw new IllegalStateException(host + " runs already");
    }
    Map<String, String> env = new LinkedHashMap<>(Map.of(
        "IMAGESAGA_HOST_NAME", host,
        "IMAGESAGA_REMOTE_PORT", String.valueOf(agent.remotePort),
        "IMAGESAGA_SEED_NODES", seedNodes(),
        "IMAGESAGA_JDBC_URL", jdbcUrl + "?ApplicationName=" + applicationName(host),
        "IMAGESAGA_JDBC_USER", TestPostgres.USER,
        "IMAGESAGA_JDBC_PASSWORD", ""));
    env.putAll(certificates.node(host).environment());
    env.putAll(environment);
    agent.process = ChildNode.start(agent.dataDir, agent.log, agent.httpPort, env, jvmOptions);
  }

  /** The {@code application_name} of {@code host}'s agent's sessions in PostgreSQL. */
  public static String applicationName(String host) {
    return "imagesaga-agent-" + host;
  }

  /**
   * The CA of every agent's node certificate, passed in {@code IMAGESAGA_CLUSTER_TLS_*}; a
   * member the test runs itself ({@link ClusterObserver}) takes one of its own from it.
   */
  public FleetCertificates certificates() {
    return certificates;
  }

  /** The fleet's database, as the agents reach it. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** {@code host}'s data dir, which outlives its agent (for reading a stopped one). */
  public Path dataDir(String host) {
    return agent(host).dataDir;
  }

  /** Starts every agent that does not run, and waits until every one is ready. */
  public void startAll() throws IOException, InterruptedException {
    for (Agent agent : agents.values()) {
      if (agent.process == null || !agent.process.isAlive()) {
        start(agent.host);
      }
    }
    for (String host : agents.keySet()) {
      awaitReady(host);
    }
  }

  /** Polls {@code GET /imagesaga/ready} until it answers 200: joined and registered. */
  public void awaitReady(String host) throws InterruptedException {
    node(host).awaitStatus("/imagesaga/ready", 200, READY_WITHIN);
  }

  /** kill -9, and wait until the process is gone. */
  public void kill(String host) throws InterruptedException {
    node(host).kill();
  }

  /** SIGTERM, and wait until the process ended; its exit status. */
  public int terminate(String host, Duration within) throws InterruptedException {
    return node(host).terminate(within);
  }

  /** The running (or last) process of {@code host}'s agent. */
  public ChildNode node(String host) {
    ChildNode process = agent(host).process;
    if (process == null) {
      throw new IllegalStateException(host + "'s agent was never started");
    }
    return process;
  }

  public int httpPort(String host) {
    return agent(host).httpPort;
  }

  /** {@code 127.0.0.1:<remoting port>} of every agent, the first host first. */
  public String seedNodes() {
    return agents.values().stream().map(a -> "127.0.0.1:" + a.remotePort)
        .collect(Collectors.joining(","));
  }

  /** The remoting port {@code host}'s fleet system listens on. */
  public int remotePort(String host) {
    return agent(host).remotePort;
  }

  public Path log(String host) {
    return agent(host).log;
  }

  private Agent agent(String host) {
    Agent agent = agents.get(host);
    if (agent == null) {
      throw new IllegalArgumentException("no agent " + host + " in " + agents.keySet());
    }
    return agent;
  }
}
