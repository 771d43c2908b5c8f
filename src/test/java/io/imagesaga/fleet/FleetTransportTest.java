package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import io.imagesaga.app.AppConfig;
import io.imagesaga.security.KeyType;
import io.imagesaga.testkit.ChildNode;
import io.imagesaga.testkit.Ports;
import io.imagesaga.testkit.FleetCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The fleet's remoting is mutual TLS from PEM files, or, said explicitly, plain TCP with a
 * warning; a fleet with neither does not start, nor does one whose files Pekko could not use.
 */
class FleetTransportTest {
  @TempDir static Path dir;
  static FleetCertificates certificates;

  @BeforeAll
  static void issue() {
    certificates = FleetCertificates.create(dir.resolve("ca"));
  }

  @Test
  void a_fleet_without_certificates_does_not_start_and_says_what_to_set() {
    assertThatThrownBy(() -> FleetTransport.configure(fleet(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IMAGESAGA_CLUSTER_TLS_CACERT, IMAGESAGA_CLUSTER_TLS_CERT and"
            + " IMAGESAGA_CLUSTER_TLS_KEY")
        .hasMessageContaining("imagesaga certs node")
        .hasMessageContaining("IMAGESAGA_CLUSTER_INSECURE=true");
    assertThatThrownBy(() -> FleetTransport.configure(fleet(Map.of(
        "imagesaga.fleet.tls.cert", "x.pem"))))
        .hasMessageContaining("IMAGESAGA_CLUSTER_TLS_CACERT and IMAGESAGA_CLUSTER_TLS_KEY are"
            + " not set");
  }

  @Test
  void serve_with_seed_nodes_and_no_certificates_stops_before_its_host_starts()
      throws Exception {
    Path data = dir.resolve("refused");
    ChildNode agent = ChildNode.start(data, dir.resolve("refused.log"), Ports.free(), Map.of(
        "IMAGESAGA_HOST_NAME", "alpha", "IMAGESAGA_SEED_NODES", "127.0.0.1:" + Ports.free()));
    assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(agent.tail(20)).contains("Error: the fleet's remoting port needs TLS: set"
        + " IMAGESAGA_CLUSTER_TLS_CACERT");
    assertThat(Files.exists(data.resolve("journal"))).isFalse();
  }

  @Test
  void an_insecure_fleet_speaks_plain_tcp_and_warns() {
    ListAppender<ILoggingEvent> logged = capture();
    Config config = FleetTransport.configure(fleet(Map.of("imagesaga.fleet.tls.insecure",
        "true")));
    assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tcp");
    assertThat(logged.list).anySatisfy(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage()).contains("IMAGESAGA_CLUSTER_INSECURE=true")
          .contains("plain TCP").contains("127.0.0.1:25520");
    });
  }

  @Test
  void a_node_certificate_makes_the_transport_mutual_tls_from_its_files() {
    FleetCertificates.Files node = certificates.node("alpha");
    Config config = FleetTransport.configure(fleet(node.config()));
    assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    Config engine = config.getConfig("pekko.remote.artery.ssl");
    assertThat(engine.getString("ssl-engine-provider"))
        .isEqualTo("io.imagesaga.security.FleetTls");
    assertThat(engine.getString("rotating-keys-engine.key-file"))
        .isEqualTo(node.key().toString());
    assertThat(engine.getString("rotating-keys-engine.cert-file"))
        .isEqualTo(node.cert().toString());
    assertThat(engine.getString("rotating-keys-engine.ca-cert-file"))
        .isEqualTo(node.caCert().toString());
  }

  @Test
  void files_pekko_could_not_use_are_refused_at_start() throws Exception {
    FleetCertificates.Files node = certificates.node("beta");
    FleetCertificates.Files ec = certificates.write("ec", certificates.ca().server(
        List.of("imagesaga-fleet"), List.of(), KeyType.EC, Duration.ofDays(1)));
    assertThatThrownBy(() -> FleetTransport.configure(fleet(ec.config())))
        .hasMessageContaining("the key " + ec.key() + " is EC: the fleet's TLS reads RSA keys"
            + " only (imagesaga certs node makes one)");

    FleetCertificates other = FleetCertificates.create(dir.resolve("other"));
    Map<String, Object> foreign = new HashMap<>(other.node("gamma").config());
    foreign.put("imagesaga.fleet.tls.ca-cert", node.caCert().toString());
    assertThatThrownBy(() -> FleetTransport.configure(fleet(foreign)))
        .hasMessageContaining("the certificate " + other.node("gamma").cert()
            + " is not signed by the CA of " + node.caCert());

    Map<String, Object> mismatched = new HashMap<>(node.config());
    mismatched.put("imagesaga.fleet.tls.key", certificates.node("delta").key().toString());
    assertThatThrownBy(() -> FleetTransport.configure(fleet(mismatched)))
        .hasMessageContaining("the key " + certificates.node("delta").key()
            + " is not the key of the certificate " + node.cert());

    Map<String, Object> missing = new HashMap<>(node.config());
    missing.put("imagesaga.fleet.tls.cert", dir.resolve("none.pem").toString());
    assertThatThrownBy(() -> FleetTransport.configure(fleet(missing)))
        .hasMessageContaining("cannot read " + dir.resolve("none.pem"));
    assertThat(Files.exists(dir.resolve("none.pem"))).isFalse();
  }

  private static Config fleet(Map<String, ?> overrides) {
    Map<String, Object> config = new HashMap<>(Map.of(
        "imagesaga.fleet.host-name", "alpha",
        "imagesaga.fleet.seed-nodes", "127.0.0.1:25520"));
    config.putAll(overrides);
    return AppConfig.loadFleet(Path.of("conf"), config);
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(FleetTransport.class)).addAppender(appender);
    return appender;
  }
}
