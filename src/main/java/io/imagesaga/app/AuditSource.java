package io.imagesaga.app;

import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.OfflineJournal;
import io.imagesaga.audit.RemoteAuditLog;
import io.imagesaga.fleet.FleetAuditLog;
import io.imagesaga.fleet.FleetSettings;
import io.imagesaga.security.ClientTls;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where an {@code audit} command reads: a stopped node's data dir, a running node, or the
 * fleet's audit log in PostgreSQL.
 */
final class AuditSource {
  @Option(names = "--conf", defaultValue = "conf",
      description = "Directory holding application.conf (default: ${DEFAULT-VALUE}).")
  Path confDir;

  @Option(names = "--data-dir",
      description = "A stopped node's data directory (default: the configuration's).")
  Path dataDir;

  @Option(names = {"-H", "--host"}, description = "Read a running node's log instead, over "
      + "its API: tcp://127.0.0.1:2375 or an http URL.")
  String host;

  @Option(names = "--tls-dir", description = "With -H, over mutual TLS: a directory holding"
      + " ca.pem, cert.pem and key.pem, as DOCKER_CERT_PATH does (default: DOCKER_CERT_PATH,"
      + " or ~/.docker, when DOCKER_TLS_VERIFY is set).")
  Path tlsDir;

  @Option(names = "--fleet", description = "Read the fleet's audit log in PostgreSQL instead:"
      + " every host's, as its agent shipped it, each record naming its host.")
  boolean fleet;

  @Option(names = "--jdbc-url", description = "With --fleet: the fleet's PostgreSQL (default: "
      + "IMAGESAGA_JDBC_URL, as conf/cluster.conf has it).")
  String jdbcUrl;

  @Option(names = "--jdbc-user", description = "With --fleet: its user (default: "
      + "IMAGESAGA_JDBC_USER).")
  String jdbcUser;

  @Option(names = "--jdbc-password", description = "With --fleet: its password (default: "
      + "IMAGESAGA_JDBC_PASSWORD).")
  String jdbcPassword;

  /** The fleet's audit log, when {@code --fleet} asks for it. */
  Optional<FleetAuditLog> openFleet() {
    if (!fleet) {
      return Optional.empty();
    }
    if (host != null || dataDir != null) {
      throw new IllegalArgumentException("--fleet reads the fleet's PostgreSQL, not a node: "
          + "leave out --host and --data-dir");
    }
    Map<String, Object> overrides = new HashMap<>();
    Optional.ofNullable(jdbcUrl).ifPresent(v -> overrides.put("imagesaga.fleet.jdbc.url", v));
    Optional.ofNullable(jdbcUser).ifPresent(v -> overrides.put("imagesaga.fleet.jdbc.user", v));
    Optional.ofNullable(jdbcPassword)
        .ifPresent(v -> overrides.put("imagesaga.fleet.jdbc.password", v));
    return Optional.of(new FleetAuditLog(
        FleetSettings.of(AppConfig.loadFleet(confDir, overrides)).jdbc()));
  }

  /** The client's certificates, as the docker CLI finds them. */
  private Optional<Path> tlsDir() {
    if (tlsDir != null) {
      return Optional.of(tlsDir);
    }
    String verify = System.getenv("DOCKER_TLS_VERIFY");
    if (verify == null || verify.isEmpty()) {
      return Optional.empty();
    }
    String certPath = System.getenv("DOCKER_CERT_PATH");
    return Optional.of(certPath != null && !certPath.isEmpty() ? Path.of(certPath)
        : Path.of(System.getProperty("user.home"), ".docker"));
  }

  AuditLog open() {
    if (host != null) {
      return new RemoteAuditLog(host, tlsDir().map(ClientTls::context));
    }
    Map<String, Object> overrides = new HashMap<>();
    if (dataDir != null) {
      overrides.put("imagesaga.data-dir", dataDir.toString());
    }
    return new OfflineJournal(AppConfig.load(confDir, overrides));
  }
}
