package io.imagesaga.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads {@code conf/application.conf} (with its includes, resolved relative to it), lets
 * {@code overrides} win over it, then resolves substitutions, so an overridden data dir moves the
 * journal and snapshots with it.
 */
public final class AppConfig {
  private AppConfig() {}

  public static Config load(Path confDir, Map<String, ?> overrides) {
    Path file = confDir.resolve("application.conf");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no configuration at " + file.toAbsolutePath());
    }
    Config fromFile = ConfigFactory.parseFile(file.toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false));
    return ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(fromFile));
  }

  /**
   * {@code conf/cluster.conf}, the fleet system's configuration (docs/fleet.md), with
   * {@code overrides} winning over it; the host system's settings are not part of it.
   */
  public static Config loadFleet(Path confDir, Map<String, ?> overrides) {
    Path file = confDir.resolve("cluster.conf");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no fleet configuration at " + file.toAbsolutePath());
    }
    Config fromFile = ConfigFactory.parseFile(file.toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false));
    return ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(fromFile));
  }
}
