package io.imagesaga.fleet;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestFleet;
import io.imagesaga.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each agent ships its host's audit log into the fleet's PostgreSQL: every event exactly once,
 * in the host's write order, across stops of the shipping and while the database is away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditShippingTest {
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, Map.of("imagesaga.fleet.audit-shipping.batch", 5,
        "imagesaga.fleet.audit-shipping.poll-every", "100ms",
        "imagesaga.fleet.audit-shipping.max-backoff", "500ms"), "alpha", "beta");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  @Order(1)
  void each_host_ships_its_audit_log_exactly_once_in_its_write_order() {
    NodeDriver alpha = fleet.agent("alpha").node();
    alpha.register("a-1", Optional.empty(), List.of(diffId("a-1")), "app:1");
    alpha.tag("app:1", "app:prod");
    alpha.register("a-2", Optional.empty(), List.of(diffId("a-2")), "app:2");
    assertThat(alpha.rmi("app:prod", DeleteOptions.defaults())).startsWith("Untagged");
    assertThat(alpha.rmi("app:1", DeleteOptions.defaults())).contains("Deleted");
    NodeDriver beta = fleet.agent("beta").node();
    beta.register("b-1", Optional.empty(), List.of(diffId("b-1")), "app:1");
    beta.createContainer("c-beta", "app:1");
    assertThat(beta.rmi("app:1", DeleteOptions.defaults())).startsWith("409");
    beta.removeContainer("c-beta", false);
    assertThat(beta.rmi("app:1", DeleteOptions.defaults())).contains("Deleted");

    awaitShipped("alpha");
    awaitShipped("beta");

    for (String host : List.of("alpha", "beta")) {
      List<JournalRecord> log = hostLog(host);
      assertThat(shippedRows(host)).isEqualTo(keys(log));
      assertThat(storedOffset(host)).isEqualTo(log.get(log.size() - 1).offset());
      try (FleetAuditLog shared = new FleetAuditLog(jdbc())) {
        assertThat(shared.hosts()).containsExactly("alpha", "beta");
        assertThat(records(shared.host(host))).isEqualTo(log);
      }
    }
    TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertThat(fleet.agent("alpha").fleet().auditShipping().lag()).isZero();
      return null;
    });
    assertThat(NodeDriver.await(alpha.node().metrics().scrape()).stream()
        .filter(metric -> metric.getMetadata().getPrometheusName()
            .equals("imagesaga_audit_shipping_lag_events"))
        .flatMap(metric -> metric.getDataPoints().stream())
        .map(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue()))
        .as("the lag, as /metrics exports it").containsExactly(0.0);
  }

  @Test
  @Order(2)
  void a_stopped_shipping_resumes_from_its_offset_without_duplicates_or_gaps()
      throws Exception {
    NodeDriver beta = fleet.agent("beta").node();
    for (int i = 0; i < 12; i++) {
      beta.register("resume-" + i, Optional.empty(), List.of(diffId("resume-" + i)),
          "resume:" + i);
    }
    TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(storedOffset("beta")).isPositive();
      return null;
    });
    long[] stoppedAt = new long[1];
    TestFleet.Agent again = fleet.rejoin("beta", () -> {
      stoppedAt[0] = storedOffset("beta");
      for (int i = 0; i < 12; i++) {
        beta.rmi("resume:" + i, DeleteOptions.defaults());
      }
    });

    awaitShipped("beta");
    List<JournalRecord> log = hostLog("beta");
    assertThat(shippedRows("beta")).isEqualTo(keys(log));
    long end = log.get(log.size() - 1).offset();
    assertThat(stoppedAt[0]).isLessThan(end);
    assertThat(again.fleet().auditShipping().sent()).isEqualTo(end - stoppedAt[0]);
  }

  @Test
  @Order(3)
  void shipping_again_what_is_there_inserts_nothing() throws Exception {
    TestFleet.Agent again = fleet.rejoin("beta", () -> sql(fleet.jdbcUrl(),
        "UPDATE fleet_audit_offset SET host_offset = 0 WHERE host = 'beta'"));

    TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
    List<JournalRecord> log = hostLog("beta");
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(again.fleet().auditShipping().sent()).isEqualTo(log.size());
      return null;
    });
    assertThat(shippedRows("beta")).isEqualTo(keys(log));
    assertThat(storedOffset("beta")).isEqualTo(log.get(log.size() - 1).offset());
  }

  @Test
  @Order(4)
  void while_the_database_is_away_the_host_carries_on_and_shipping_catches_up_after()
      throws Exception {
    String database = fleet.jdbcUrl().substring(fleet.jdbcUrl().lastIndexOf('/') + 1);
    String postgres = TestPostgres.get().url("postgres");
    sql(postgres, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
    sql(postgres, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
        + database + "'");
    AuditShipping shipping = fleet.agent("alpha").fleet().auditShipping();
    NodeDriver alpha = fleet.agent("alpha").node();
    try {
      alpha.register("away", Optional.empty(), List.of(diffId("away")), "away:1");
      assertThat(alpha.rmi("away:1", DeleteOptions.defaults())).contains("Deleted");
      TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        assertThat(shipping.hostEnd()).isEqualTo(last(hostLog("alpha")));
        assertThat(shipping.lag()).isPositive();
        return null;
      });
    } finally {
      sql(postgres, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }
    awaitShipped("alpha");
    assertThat(shipping.lag()).isZero();
  }

  private static void awaitShipped(String host) {
    TestProbe<Object> probe = TestProbe.create(fleet.agent("alpha").fleet().system());
    probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
      assertThat(shippedRows(host)).isEqualTo(keys(hostLog(host)));
      return null;
    });
  }

  /** The host's audit log as its own journal holds it. */
  private static List<JournalRecord> hostLog(String host) {
    NodeDriver node = fleet.agent(host).node();
    return NodeDriver.await(new AuditJournal(node.node().system(),
            node.node().settings().readJournalPluginId()).records(0)
        .runWith(Sink.seq(), node.node().system()));
  }

  private static long last(List<JournalRecord> log) {
    return log.get(log.size() - 1).offset();
  }

  private static List<String> keys(List<JournalRecord> log) {
    return log.stream().map(r -> r.offset() + " " + r.persistenceId() + " " + r.sequenceNr())
        .toList();
  }

  /** The host's rows of the fleet's audit table, in its write order. */
  private static List<String> shippedRows(String host) {
    try (Connection c = connect(fleet.jdbcUrl()); PreparedStatement select = c.prepareStatement(
        "SELECT host_offset, persistence_id, sequence_number FROM fleet_audit"
            + " WHERE host = ? ORDER BY host_offset")) {
      select.setString(1, host);
      List<String> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(row.getLong(1) + " " + row.getString(2) + " " + row.getLong(3));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long storedOffset(String host) {
    try (Connection c = connect(fleet.jdbcUrl()); PreparedStatement select = c.prepareStatement(
        "SELECT host_offset FROM fleet_audit_offset WHERE host = ?")) {
      select.setString(1, host);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<JournalRecord> records(io.imagesaga.audit.AuditLog log) {
    List<JournalRecord> records = new ArrayList<>();
    log.forEach(record -> true, records::add);
    return records;
  }

  private static FleetSettings.Jdbc jdbc() {
    return new FleetSettings.Jdbc(fleet.jdbcUrl(), TestPostgres.USER, "");
  }

  private static void sql(String url, String statement) {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, TestPostgres.USER, "");
  }
}
