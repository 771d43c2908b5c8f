package io.imagesaga.fleet;

import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

/**
 * One host's rows of the fleet's audit tables ({@code db/fleet-schema.sql}), as its shipper
 * writes them. Blocking, and for one thread at a time: the shipper's own.
 *
 * <p>An event is stored as its export's JSON ({@link JournalExport#eventText}) under its type
 * name ({@link JournalExport#type}), not as the journal's serialized bytes: {@code audit
 * --fleet} then reads it back with the code that reads {@code audit export} and a running node's
 * {@code /imagesaga/audit/journal}, without the serializer bindings and IDs of the build that
 * wrote it (agents of several builds share one database, and fields a newer build added are
 * ignored as an export's are), and the table stays readable with SQL alone.
 */
final class AuditTable implements AutoCloseable {
  private static final String INSERT = "INSERT INTO fleet_audit (host, persistence_id,"
      + " sequence_number, host_offset, written_at, event_manifest, event_payload)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  /** Never backwards: a late commit of an older batch must not undo a newer one's offset. */
  private static final String MOVE_OFFSET = "INSERT INTO fleet_audit_offset (host, host_offset)"
      + " VALUES (?, ?) ON CONFLICT (host) DO UPDATE"
      + " SET host_offset = GREATEST(fleet_audit_offset.host_offset, EXCLUDED.host_offset)";

  private final FleetSettings.Jdbc jdbc;
  private final String host;
  private Connection connection;

  AuditTable(FleetSettings.Jdbc jdbc, String host) {
    this.jdbc = jdbc;
    this.host = host;
  }

  /**
   * A connection that gives up instead of hanging when the database is away: shipping retries
   * it later, and a query stuck on a dead socket would stop shipping for good. A batch goes
   * as multi-row inserts (about 40% more events a second than one insert a row).
   */
  static Connection connect(FleetSettings.Jdbc jdbc, String applicationName)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", jdbc.user());
    properties.setProperty("password", jdbc.password());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("reWriteBatchedInserts", "true");
    properties.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(jdbc.url(), properties);
  }

  /** The offset of the host's audit tag shipped so far (0: none). */
  long shippedOffset() throws SQLException {
    try (PreparedStatement select = connection().prepareStatement(
        "SELECT host_offset FROM fleet_audit_offset WHERE host = ?")) {
      select.setString(1, host);
      try (ResultSet row = select.executeQuery()) {
        long offset = row.next() ? row.getLong(1) : 0L;
        connection.commit();
        return offset;
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /**
   * Inserts {@code records} (those already there stay as they are) and moves the host's
   * offset to the last one's, in one transaction; returns that offset.
   */
  long append(List<JournalRecord> records) throws SQLException {
    long last = records.get(records.size() - 1).offset();
    try (PreparedStatement insert = connection().prepareStatement(INSERT);
        PreparedStatement offset = connection.prepareStatement(MOVE_OFFSET)) {
      for (JournalRecord record : records) {
        insert.setString(1, host);
        insert.setString(2, record.persistenceId());
        insert.setLong(3, record.sequenceNr());
        insert.setLong(4, record.offset());
        insert.setObject(5, OffsetDateTime.ofInstant(record.written(), ZoneOffset.UTC));
        insert.setString(6, JournalExport.type(record.event()));
        insert.setBytes(7, JournalExport.eventText(record.event())
            .getBytes(StandardCharsets.UTF_8));
        insert.addBatch();
      }
      insert.executeBatch();
      offset.setString(1, host);
      offset.setLong(2, last);
      offset.executeUpdate();
      connection.commit();
      return last;
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = connect(jdbc, "imagesaga-audit-shipping");
      connection.setAutoCommit(false);
    }
    return connection;
  }

  /** Also after a failure: the next call starts on a new connection (a transaction ends). */
  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a broken connection: nothing left to release on this side.
      }
      connection = null;
    }
  }
}
