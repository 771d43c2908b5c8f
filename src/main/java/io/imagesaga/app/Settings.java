package io.imagesaga.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code imagesaga} block of the configuration, read once. */
public record Settings(
    String httpHost,
    int httpPort,
    Path dataDir,
    Duration askTimeout,
    Duration sagaTimeout,
    int snapshotEvery,
    String readJournalPluginId) {

  public static Settings of(Config config) {
    Config c = config.getConfig("imagesaga");
    return new Settings(
        c.getString("http.host"),
        c.getInt("http.port"),
        Path.of(c.getString("data-dir")),
        c.getDuration("ask-timeout"),
        c.getDuration("saga-timeout"),
        c.getInt("snapshot-every"),
        c.getString("read-journal"));
  }
}
