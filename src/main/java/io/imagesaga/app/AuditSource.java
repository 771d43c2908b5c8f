package io.imagesaga.app;

import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.OfflineJournal;
import io.imagesaga.audit.RemoteAuditLog;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where an {@code audit} command reads: a stopped node's data dir, or a running node. */
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

  AuditLog open() {
    if (host != null) {
      return new RemoteAuditLog(host);
    }
    Map<String, Object> overrides = new HashMap<>();
    if (dataDir != null) {
      overrides.put("imagesaga.data-dir", dataDir.toString());
    }
    return new OfflineJournal(AppConfig.load(confDir, overrides));
  }
}
