package io.imagesaga.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code imagesaga} block of the configuration, read once.
 *
 * @param settleTimeout how long a start waits for interrupted deletes and operations
 * @param progressEvery how often a slow start logs how far it got
 * @param checkpointDir where the read side's checkpoints are saved
 * @param checkpointEvery how often a running node brings the read side's checkpoints up to date
 * @param resumeEvery how often open deletes and operations are looked at, and woken
 * @param refusalWindow how long the refusals of one client for one permission are counted
 *     before they are journaled as one (docs/security.md, "Permissions")
 * @param refusalClients how many clients' refusals are counted apart at most
 */
public record Settings(
    String httpHost,
    int httpPort,
    Path dataDir,
    Duration askTimeout,
    Duration sagaTimeout,
    int snapshotEvery,
    String readJournalPluginId,
    Duration settleTimeout,
    Duration progressEvery,
    Path checkpointDir,
    Duration checkpointEvery,
    Duration resumeEvery,
    Duration refusalWindow,
    int refusalClients) {

  public static Settings of(Config config) {
    Config c = config.getConfig("imagesaga");
    return new Settings(
        c.getString("http.host"),
        httpPort(c),
        Path.of(c.getString("data-dir")),
        c.getDuration("ask-timeout"),
        c.getDuration("saga-timeout"),
        c.getInt("snapshot-every"),
        c.getString("read-journal"),
        c.getDuration("start.settle-timeout"),
        c.getDuration("start.progress-every"),
        Path.of(c.getString("checkpoints.dir")),
        c.getDuration("checkpoints.every"),
        c.getDuration("resume.every"),
        c.getDuration("http.refusals.window"),
        c.getInt("http.refusals.max-clients"));
  }

  /** The port set, else dockerd's: 2376 when a server certificate turns TLS on, else 2375. */
  private static int httpPort(Config c) {
    if (c.hasPath("http.port")) {
      return c.getInt("http.port");
    }
    return c.getString("tls.cert").isEmpty() ? 2375 : 2376;
  }
}
