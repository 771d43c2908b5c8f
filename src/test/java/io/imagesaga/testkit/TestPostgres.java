package io.imagesaga.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server of the machine's own binaries (Debian's {@code postgresql-15}, or
 * {@code IMAGESAGA_PG_BIN}), started once per test JVM in a temporary directory on a free
 * loopback port, stopped when the JVM ends. Each caller gets a database of its own. As root,
 * the server runs as the {@code postgres} user, since PostgreSQL refuses to run as root. A
 * machine without the binaries fails the test that needs them, with what to install.
 */
public final class TestPostgres {
  public static final String USER = "imagesaga";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestPostgres server;

  private final int port;

  private TestPostgres(int port) {
    this.port = port;
  }

  /** The JVM's server, started on first use. */
  public static synchronized TestPostgres get() {
    if (server == null) {
      server = start();
    }
    return server;
  }

  /** A new, empty database: its JDBC URL. */
  public String newDatabase(String prefix) {
    String name = (prefix + "_" + DATABASES.incrementAndGet()).toLowerCase();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url(name);
  }

  /**
   * Lets clients connect to the database at {@code url} (a URL of {@link #newDatabase}), or
   * refuses them from now on as PostgreSQL refuses a database that does not accept connections:
   * the server is up, the database is not reachable. Sessions already open stay open.
   */
  public void allowConnections(String url, boolean allow) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + allow);
    } catch (SQLException e) {
      throw new IllegalStateException("could not change database " + name, e);
    }
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static TestPostgres start() {
    Path bin = binaries();
    try {
      Path dir = Files.createTempDirectory("imagesaga-pg");
      Path data = dir.resolve("data");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        run(List.of("chown", "-R", "postgres", dir.toString()));
      }
      run(as(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
          "-A", "trust", "-E", "UTF8", "--no-sync")));
      int port = Ports.free();
      run(as(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
              + dir + " -c fsync=off -c max_connections=200", "start")));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(root, bin, dir)));
      return new TestPostgres(port);
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL from " + bin, e);
    }
  }

  /** Stops the server and removes its directory, so that no test run leaves one behind. */
  private static void stop(boolean root, Path bin, Path dir) {
    try {
      run(as(root, List.of(bin.resolve("pg_ctl").toString(), "-D",
          dir.resolve("data").toString(), "-m", "immediate", "stop")));
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop and remove the test PostgreSQL in " + dir + ": " + e);
    }
  }

  private static Path binaries() {
    String configured = System.getenv("IMAGESAGA_PG_BIN");
    Path bin = Path.of(configured != null ? configured : "/usr/lib/postgresql/15/bin");
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException("no PostgreSQL server binaries in " + bin + ": install"
          + " Debian's postgresql-15 (.ci/run does) or set IMAGESAGA_PG_BIN");
    }
    return bin;
  }

  private static List<String> as(boolean root, List<String> command) {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    return full;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
