package io.imagesaga.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Holds back, in the fleet's PostgreSQL, every write to the pekko-persistence-jdbc journal of
 * events whose manifest ends with a given suffix: a trigger makes such an insert wait for a
 * shared advisory lock that the gate holds exclusively until {@link #open}. The writer's
 * transaction waits inside its insert, so a test can see who writes (its session's {@code
 * application_name}) and kill the writer before anything it wrote commits. Other writes pass.
 * Closing opens the gate and drops the trigger.
 */
public final class JournalGate implements AutoCloseable {
  private static final long LOCK = 7_342_001L;
  private static final Duration POLL = Duration.ofMillis(20);

  private final Connection connection;
  private boolean opened;

  private JournalGate(Connection connection) {
    this.connection = connection;
  }

  /** Holds back the events of {@code persistenceIdPrefix} whose manifest ends so. */
  public static JournalGate hold(String jdbcUrl, String persistenceIdPrefix,
      String manifestSuffix) throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, TestPostgres.USER, "");
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + LOCK + ")");
      s.execute("CREATE OR REPLACE FUNCTION imagesaga_test_gate() RETURNS trigger AS $$ BEGIN"
          + " IF NEW.persistence_id LIKE '" + like(persistenceIdPrefix) + "%'"
          + " AND NEW.event_ser_manifest LIKE '%" + like(manifestSuffix) + "' THEN"
          + " PERFORM pg_advisory_xact_lock_shared(" + LOCK + "); END IF; RETURN NEW;"
          + " END $$ LANGUAGE plpgsql");
      s.execute("CREATE OR REPLACE TRIGGER imagesaga_test_gate BEFORE INSERT ON event_journal"
          + " FOR EACH ROW EXECUTE FUNCTION imagesaga_test_gate()");
    }
    return new JournalGate(connection);
  }

  /** The {@code application_name} of a session whose write waits at the gate, if any. */
  public Optional<String> waiting() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT a.application_name"
        + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype ="
        + " 'advisory' AND NOT l.granted AND l.objid = ? AND l.classid = 0")) {
      s.setLong(1, LOCK);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /** Waits until a write waits at the gate: its session's {@code application_name}. */
  public String awaitWaiting(Duration within) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> writer = waiting();
      if (writer.isPresent()) {
        return writer.get();
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
    throw new AssertionError("no write waited at the gate within " + within);
  }

  /**
   * Ends every session of {@code applicationName}, as PostgreSQL does when it finds the client
   * gone; a transaction waiting at the gate is rolled back. Returns how many it ended.
   */
  public int terminate(String applicationName) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT count(*) FILTER (WHERE"
        + " pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** Lets the held writes, and every later one, through. */
  public void open() throws SQLException {
    if (!opened) {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
      }
      opened = true;
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      open();
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TRIGGER IF EXISTS imagesaga_test_gate ON event_journal");
      }
    } finally {
      connection.close();
    }
  }

  private static String like(String literal) {
    return literal.replace("'", "''").replace("%", "\\%").replace("_", "\\_");
  }
}
