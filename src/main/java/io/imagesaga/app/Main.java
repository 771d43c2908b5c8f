package io.imagesaga.app;

import com.typesafe.config.Config;
import io.imagesaga.api.HttpServer;
import io.imagesaga.api.MetricsServer;
import io.imagesaga.api.Routes;
import io.imagesaga.bench.BenchSuite;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.security.ApiSecurity;
import io.imagesaga.security.Exposure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar imagesaga.jar serve}, and the commands beside it. */
@Command(name = "imagesaga", mixinStandardHelpOptions = true, version = "imagesaga 0.1.0",
    subcommands = {Main.Serve.class, Sample.class, Audit.class, FleetCommand.class, Bench.class,
        ReplayBench.class, JournalBench.class, BenchSuite.class, Certs.class},
    description = "A node agent that owns Docker's image graph and deletes images as Docker does.")
public final class Main implements Runnable {
  /** docs/security.md, "Cluster transport". */
  public static final String ACKNOWLEDGE_CLOSE_NOTIFY = "jdk.tls.acknowledgeCloseNotify";

  public static void main(String[] args) {
    acknowledgeCloseNotify();
    if (System.getProperty("logback.configurationFile") == null
        && Files.isRegularFile(Path.of("conf", "logback.xml"))) {
      System.setProperty("logback.configurationFile", "conf/logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Makes the JDK answer a TLS 1.3 close_notify with its own, as TLS 1.2 always did. Without
   * it the actor system of an agent that leaves the fleet can wait for ever for its TLS
   * streams to the others to close (Artery, in Pekko 1.7, waits for every stream without a
   * deadline, and the other side never closes a direction it does not write on), and the
   * agent's stop hangs. The JDK reads the property once, when TLS is first used: set it first.
   */
  static void acknowledgeCloseNotify() {
    if (System.getProperty(ACKNOWLEDGE_CLOSE_NOTIFY) == null) {
      System.setProperty(ACKNOWLEDGE_CLOSE_NOTIFY, "true");
    }
  }

  /** The command line as {@code main} runs it: {@code --format json} as well as {@code JSON}. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::failed);
  }

  /**
   * A command that fails prints what went wrong, its causes' messages on one line, not a stack
   * trace (logged at debug level, for whoever turns that on).
   */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    LoggerFactory.getLogger(Main.class).debug("{} failed", command.getCommandName(), e);
    StringBuilder message = new StringBuilder("Error:");
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && message.indexOf(cause.getMessage()) < 0) {
        message.append(' ').append(cause.getMessage());
      }
    }
    command.getErr().println(message);
    return 1;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Start the node agent and serve the Docker Engine API.")
  static final class Serve implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Serve.class);

    @Option(names = "--conf", defaultValue = "conf",
        description = "Directory holding application.conf (default: ${DEFAULT-VALUE}).")
    Path confDir;

    @Option(names = "--metrics-addr", paramLabel = "host:port",
        description = "Also serve GET /metrics alone on this address, over plain HTTP and"
            + " unauthenticated, as dockerd's --metrics-addr (default: off).")
    String metricsAddr;

    /**
     * Checks how the API and the fleet's remoting are protected before the node opens its
     * journal: a host that is not loopback without verified clients, TLS files that do not make
     * a server, or a fleet without its cluster certificates (docs/security.md, "Cluster
     * transport") fail the start (exit status 1) with the reason.
     */
    @Override
    public Integer call() throws Exception {
      Config config = AppConfig.load(confDir, Map.of());
      Settings settings = Settings.of(config);
      ApiSecurity security = ApiSecurity.load(config, Instant.now());
      Exposure.Verdict exposure = security.exposure(settings.httpHost());
      if (exposure instanceof Exposure.Verdict.Refuse refuse) {
        throw new IllegalStateException(refuse.reason());
      } else if (exposure instanceof Exposure.Verdict.Warn warn) {
        log.warn(warn.warning());
      }
      Optional<MetricsServer.Address> metricsAddress = Optional.ofNullable(metricsAddr)
          .map(MetricsServer.Address::parse);
      Optional<Config> fleetConfig = FleetMembership.configure(confDir);
      Node node = Node.start(config);
      Optional<Fleet> fleet = FleetMembership.start(fleetConfig, node);
      HttpServer.start(new Routes(node, fleet, security.access()).route(), settings.httpHost(),
          settings.httpPort(), node.system(), security.tls());
      metricsAddress.ifPresent(address -> MetricsServer.start(node.metrics(), address,
          node.system()));
      log.info("imagesaga serving on {}:{}, data in {}", settings.httpHost(),
          settings.httpPort(), settings.dataDir().toAbsolutePath().normalize());
      node.system().getWhenTerminated().toCompletableFuture().join();
      return 0;
    }
  }
}
