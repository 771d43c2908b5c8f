package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * The node's journal as the configuration names it: {@code pekko.persistence.journal.plugin} is
 * the id of a section with Pekko's LevelDB keys ({@code dir}, {@code fsync}, ...), so whoever
 * needs the journal's directory asks here rather than naming one plugin.
 */
public final class JournalPlugin {
  private JournalPlugin() {}

  /** The id (configuration path) of the journal plugin entities write to. */
  public static String id(Config config) {
    return config.getString("pekko.persistence.journal.plugin");
  }

  /** The directory holding that journal's LevelDB files. */
  public static Path dir(Config config) {
    return Path.of(config.getString(id(config) + ".dir"));
  }
}
