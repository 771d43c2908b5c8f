package io.imagesaga.fleet;

import io.imagesaga.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet's PostgreSQL as the agents left it, read by a test: the fleet deletes' journaled
 * events (pekko-persistence-jdbc's {@code event_journal}) and how far each host's audit log is
 * shipped ({@code fleet_audit}).
 */
final class FleetDatabase {
  private static final String PREFIX = FleetDeleteEntity.ENTITY_TYPE_KEY.name() + "|";

  /** One journaled event of a fleet delete: its class's simple name, and when it was written. */
  record Event(String type, Instant written) {}

  private final String jdbcUrl;

  FleetDatabase(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /** The IDs of every fleet delete whose plan is journaled, oldest first. */
  Set<String> fleetDeletes() throws SQLException {
    Set<String> ids = new LinkedHashSet<>();
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT"
        + " persistence_id FROM event_journal WHERE persistence_id LIKE ? AND sequence_number"
        + " = 1 ORDER BY ordering")) {
      s.setString(1, PREFIX + "%");
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1).substring(PREFIX.length()));
        }
      }
    }
    return ids;
  }

  /** The events of fleet delete {@code id}, in journal order. */
  List<Event> events(String id) throws SQLException {
    List<Event> events = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT"
        + " event_ser_manifest, write_timestamp FROM event_journal WHERE persistence_id = ?"
        + " ORDER BY sequence_number")) {
      s.setString(1, PREFIX + id);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String manifest = rows.getString(1);
          events.add(new Event(manifest.substring(manifest.lastIndexOf('$') + 1),
              Instant.ofEpochMilli(rows.getLong(2))));
        }
      }
    }
    return events;
  }

  /** The offset of {@code host}'s last audit event shipped into the fleet's table; 0 if none. */
  long shipped(String host) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
        "SELECT coalesce(max(host_offset), 0) FROM fleet_audit WHERE host = ?")) {
      s.setString(1, host);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, TestPostgres.USER, "");
  }
}
