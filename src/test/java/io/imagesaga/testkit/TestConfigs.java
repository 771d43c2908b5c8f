package io.imagesaga.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.imagesaga.app.AppConfig;
import io.imagesaga.content.LoadLimits;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Test configurations built from the shipped {@code conf/}, so tests run what production runs. */
public final class TestConfigs {
  private TestConfigs() {}

  /** In-memory journal for EventSourcedBehaviorTestKit, with the real serialization bindings. */
  public static Config entityTestKit() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseFile(new File("conf/serialization.conf")))
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .resolve();
  }

  /** A whole node on the LevelDB journal under {@code dataDir}, API on a free port. */
  public static Config node(Path dataDir) {
    return node(dataDir, Map.of());
  }

  /** {@link #node(Path)} with {@code overrides} (configuration paths) winning over it. */
  public static Config node(Path dataDir, Map<String, ?> overrides) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        "imagesaga.data-dir", dataDir.toString(),
        "imagesaga.http.port", 0,
        "pekko.loglevel", "WARNING",
        "pekko.cluster.log-info", "off"));
    settings.putAll(overrides);
    return AppConfig.load(Path.of("conf"), settings);
  }

  /** The shipped {@code conf/load.conf}'s limits, for tests that unpack archives themselves. */
  public static LoadLimits loadLimits() {
    return loadLimits(Map.of());
  }

  /** {@link #loadLimits()} with {@code overrides} (settings of {@link LoadLimits#PATH}). */
  public static LoadLimits loadLimits(Map<String, ?> overrides) {
    return LoadLimits.of(ConfigFactory.parseMap(overrides, "test overrides")
        .atPath(LoadLimits.PATH)
        .withFallback(ConfigFactory.parseFile(new File("conf/load.conf"))).resolve());
  }
}
