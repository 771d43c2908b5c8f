package io.imagesaga.app;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.testkit.NodeDriver;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host system's remoting port, on loopback, answers no other process: its TLS trusts only
 * the key its own process made at start (docs/security.md, "Cluster transport"). And the host's
 * own messages never go through it.
 */
class HostRemotingTest {
  /** Long enough for an answer over loopback, were one to come; none may. */
  private static final Duration NO_ANSWER_WITHIN = Duration.ofSeconds(5);
  @TempDir static Path dir;
  static NodeDriver node;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    node = NodeDriver.start(dir);
    port = (Integer) Cluster.get(node.node().system()).selfMember().address().port().get();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void a_plain_tcp_system_on_this_machine_gets_no_answer_from_the_host_system() {
    String sharding = "pekko://imagesaga@127.0.0.1:" + port + "/system/sharding";
    // The path is right: the host itself identifies it.
    assertThat(identify(node.node().system().classicSystem(), sharding).getActorRef())
        .isPresent();

    ActorSystem rogue = rogue(Map.of("pekko.remote.artery.transport", "tcp"));
    try {
      assertThatThrownBy(() -> identify(rogue, sharding))
          .hasRootCauseInstanceOf(AskTimeoutException.class);
    } finally {
      terminate(rogue);
    }
  }

  @Test
  void a_system_with_its_own_ephemeral_key_gets_no_answer_either() {
    ActorSystem rogue = rogue(Map.of("pekko.remote.artery.transport", "tls-tcp",
        "pekko.remote.artery.ssl.ssl-engine-provider", "io.imagesaga.security.EphemeralTls"));
    try {
      assertThatThrownBy(() -> identify(rogue,
          "pekko://imagesaga@127.0.0.1:" + port + "/system/sharding"))
          .hasRootCauseInstanceOf(AskTimeoutException.class);
    } finally {
      terminate(rogue);
    }
  }

  @Test
  void the_hosts_own_work_opens_no_connection_to_its_remoting_port() throws Exception {
    node.register("local", Optional.empty(), List.of(diffId("local-1")), "local:1");
    assertThat(node.rmi("local:1", DeleteOptions.defaults())).contains("Deleted: ");
    assertThat(established(port)).isZero();

    // The count sees a connection when there is one.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      assertThat(established(port)).isPositive();
    }
  }

  private static ActorIdentity identify(ActorSystem from, String path) {
    return (ActorIdentity) Patterns.ask(from.actorSelection(path), new Identify(path),
        NO_ANSWER_WITHIN).toCompletableFuture().join();
  }

  /** A remoting system on loopback that is not the agent's, as any local process could run. */
  private static ActorSystem rogue(Map<String, String> settings) {
    return ActorSystem.create("rogue", ConfigFactory.parseMap(settings)
        .withFallback(ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "remote",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.loglevel", "WARNING")))
        .withFallback(ConfigFactory.defaultReference()));
  }

  private static void terminate(ActorSystem system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** TCP connections from or to loopback {@code port} that are established, as Linux lists them. */
  private static long established(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    long count = 0;
    for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
      if (!Files.exists(table)) {
        continue;
      }
      try (Stream<String> lines = Files.lines(table)) {
        count += lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
            .filter(f -> f[3].equals("01"))
            .filter(f -> f[1].endsWith(hexPort) || f[2].endsWith(hexPort)).count();
      }
    }
    return count;
  }
}
