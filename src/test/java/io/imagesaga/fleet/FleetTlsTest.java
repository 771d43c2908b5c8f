package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.security.FleetTls;
import io.imagesaga.security.KeyType;
import io.imagesaga.testkit.ClusterObserver;
import io.imagesaga.testkit.LogCapture;
import io.imagesaga.testkit.RogueTls;
import io.imagesaga.testkit.FleetCertificates;
import io.imagesaga.testkit.TestFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's remoting port admits only nodes with a certificate of the fleet's CA that carries
 * the fleet's name (docs/security.md, "Cluster transport"): a node without one never becomes a
 * member, and the seed logs why it refused the handshake.
 */
class FleetTlsTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, "alpha");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void a_node_certificate_of_the_fleets_ca_joins() throws Exception {
    try (ClusterObserver member = ClusterObserver.join(fleet.seedNodes(),
        fleet.certificates().node("observer").config())) {
      member.awaitUp(member.selfAddress(), WITHIN);
    }
    // It left: the tests after this one start from the seed alone.
    TestProbe.create(fleet.agent("alpha").fleet().system()).awaitAssert(WITHIN, () -> {
      assertThat(members()).containsExactly(seed());
      return null;
    });
  }

  @Test
  void a_node_with_a_certificate_of_another_ca_cannot_join() throws Exception {
    FleetCertificates other = FleetCertificates.create(dir.resolve("other-ca"));
    assertRefused(RogueTls.settings(other.node("rogue")), "PKIX path");
  }

  @Test
  void a_certificate_of_the_fleets_ca_without_the_fleets_name_cannot_join() throws Exception {
    // As the Docker API's own certificate would be, were it issued by the fleet's CA.
    FleetCertificates.Files api = fleet.certificates().write("api", fleet.certificates().ca()
        .server(List.of("node1.example"), List.of(), KeyType.RSA, Duration.ofDays(1)));
    assertRefused(RogueTls.settings(api), "None of the peer subject names");
  }

  @Test
  void a_node_without_a_certificate_cannot_join() throws Exception {
    assertRefused(RogueTls.withoutCertificate(fleet.certificates().node("anonymous")),
        "Empty client certificate chain");
  }

  @Test
  void a_plain_tcp_node_cannot_join() throws Exception {
    assertRefused(Map.of("imagesaga.fleet.tls.insecure", "true"),
        "Unrecognized SSL message, plaintext connection?");
  }

  /**
   * A rogue member with {@code settings} asks the seed to join: the seed logs that it refused
   * the handshake, for {@code reason}; the rogue is no member and the seed's members are as
   * they were.
   */
  private static void assertRefused(Map<String, ?> settings, String reason) throws Exception {
    try (LogCapture logs = LogCapture.start();
        ClusterObserver rogue = ClusterObserver.join(fleet.seedNodes(), settings)) {
      logs.await(event -> event.getLoggerName().equals(FleetTls.class.getName())
          && event.getFormattedMessage().startsWith("fleet " + fleet.seedNodes()
              + ": refused a connection: ")
          && event.getFormattedMessage().contains(reason), WITHIN);
      assertThat(rogue.isUp()).isFalse();
      assertThat(members()).containsExactly(seed()).doesNotContain(rogue.selfAddress()
          .toString());
    }
  }

  private static String seed() {
    String seed = fleet.seedNodes();
    return ClusterObserver.address(Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1)))
        .toString();
  }

  private static List<String> members() {
    return StreamSupport.stream(Cluster.get(fleet.agent("alpha").fleet().system()).state()
        .getMembers().spliterator(), false).map(Member::address).map(Object::toString).toList();
  }
}
