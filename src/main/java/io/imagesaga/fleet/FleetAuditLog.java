package io.imagesaga.fleet;

import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The fleet's audit log as the agents shipped it into PostgreSQL ({@link AuditShipper}): for
 * each host, that host's records in its own write order, each read back into the record its
 * journal held ({@link AuditTable} says why the events are stored as JSON). What {@code audit
 * --fleet} replays, one host at a time, with the code that replays one node's log.
 */
public final class FleetAuditLog implements AutoCloseable {
  private static final int FETCH = 1000;

  private final FleetSettings.Jdbc jdbc;
  private final ActorSystem<Void> system = AuditLog.quietSystem();

  public FleetAuditLog(FleetSettings.Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The hosts that shipped any of their log, by name. Each batch moves its host's offset in
   * its own transaction, so the offsets table lists them without reading the events.
   */
  public List<String> hosts() {
    try (Connection connection = AuditTable.connect(jdbc, "imagesaga-audit");
        Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery(
            "SELECT host FROM fleet_audit_offset ORDER BY host")) {
      List<String> hosts = new ArrayList<>();
      while (rows.next()) {
        hosts.add(rows.getString(1));
      }
      return hosts;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the fleet's audit log at " + jdbc.url()
          + ": " + e.getMessage(), e);
    }
  }

  /** The log of {@code host}; closing it leaves this open. */
  public AuditLog host(String host) {
    return new AuditLog() {
      @Override
      public Source<JournalRecord, NotUsed> records() {
        return Source.unfoldResource(() -> Rows.open(jdbc, host), Rows::next, Rows::close);
      }

      @Override
      public ActorSystem<?> system() {
        return system;
      }

      @Override
      public void close() {}
    };
  }

  /** One host's rows in offset order, read a page at a time through a cursor. */
  private record Rows(Connection connection, PreparedStatement select, ResultSet rows) {
    static Rows open(FleetSettings.Jdbc jdbc, String host) throws SQLException {
      Connection connection = AuditTable.connect(jdbc, "imagesaga-audit");
      try {
        connection.setAutoCommit(false); // else PostgreSQL sends every row at once
        PreparedStatement select = connection.prepareStatement("SELECT host_offset,"
            + " persistence_id, sequence_number, written_at, event_manifest, event_payload"
            + " FROM fleet_audit WHERE host = ? ORDER BY host_offset");
        select.setFetchSize(FETCH);
        select.setString(1, host);
        return new Rows(connection, select, select.executeQuery());
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }

    Optional<JournalRecord> next() throws SQLException {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(JournalExport.record(rows.getLong(1), rows.getString(2),
          rows.getLong(3), rows.getObject(4, OffsetDateTime.class).toInstant(),
          rows.getString(5), new String(rows.getBytes(6), StandardCharsets.UTF_8)));
    }

    void close() throws SQLException {
      connection.close();
    }
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
