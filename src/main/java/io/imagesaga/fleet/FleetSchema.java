package io.imagesaga.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the fleet's tables in the shared PostgreSQL when they are missing
 * ({@code db/fleet-schema.sql}). Each statement is idempotent, so agents starting together may
 * all apply it; a lock makes them take turns, since PostgreSQL's {@code IF NOT EXISTS} races.
 */
public final class FleetSchema {
  private static final String RESOURCE = "/db/fleet-schema.sql";
  /** Any constant: the advisory lock the agents take turns on. */
  private static final long LOCK = 0x696d616765736167L;

  private FleetSchema() {}

  public static void apply(FleetSettings.Jdbc jdbc) throws SQLException {
    // A connection that gives up rather than hangs: a start waiting on it retries it.
    try (Connection connection = AuditTable.connect(jdbc, "imagesaga-schema");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      for (String sql : statements()) {
        statement.execute(sql);
      }
      connection.commit();
    }
  }

  public static Connection connect(FleetSettings.Jdbc jdbc) throws SQLException {
    return DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
  }

  static List<String> statements() {
    try (InputStream in = FleetSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String withoutComments = text.lines().filter(l -> !l.strip().startsWith("--"))
          .reduce("", (a, b) -> a + "\n" + b);
      return Arrays.stream(withoutComments.split(";")).map(String::strip)
          .filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
