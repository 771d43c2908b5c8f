package io.imagesaga.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.persistence.Persistence;

/**
 * Puts the group-commit journal in the place of the node's LevelDB journal as the actor system
 * starts (it is listed in {@code pekko.extensions}, loaded before anything can persist).
 *
 * <p>The journal's section must name Pekko's own {@code LeveldbJournal} as its {@code class}:
 * {@code LeveldbReadJournal} refuses, when it is created, a write journal whose configured class
 * is any other, subclasses included. So the section keeps that class and its
 * {@code group-commit.class} is what runs: Pekko creates a journal from the configuration given
 * the first time its id is asked for (runtime plugin configuration) and keeps it for the id, and
 * this asks first, with the class replaced. Entities and the read journal then find it by the
 * same id. Same store, same files, same query protocol: only how writes reach LevelDB differs.
 */
public final class GroupCommit implements ExtensionIdProvider {
  private static final ExtensionId<InPlace> ID = new AbstractExtensionId<>() {
    @Override
    public InPlace createExtension(ExtendedActorSystem system) {
      return install(system);
    }
  };

  /** For {@code pekko.extensions}. */
  public GroupCommit() {}

  @Override
  public ExtensionId<? extends Extension> lookup() {
    return ID;
  }

  /** Whether the node's journal of {@code system} groups commits (put in place if not yet). */
  public static InPlace get(ActorSystem system) {
    return ID.get(system);
  }

  /**
   * @param pluginId the node's journal plugin
   * @param journalClass the class of the journal actor that runs under that id
   */
  public record InPlace(String pluginId, String journalClass) implements Extension {
    public boolean grouping() {
      return !journalClass.isEmpty();
    }
  }

  private static InPlace install(ExtendedActorSystem system) {
    Config config = system.settings().config();
    String id = JournalPlugin.id(config);
    String setting = id + ".group-commit";
    if (!config.hasPath(setting) || !config.getBoolean(setting + ".enabled")) {
      return new InPlace(id, "");
    }
    String journalClass = config.getString(setting + ".class");
    Config inEffect = Persistence.get(system).journalConfigFor(id,
        ConfigFactory.parseMap(Map.of(id + ".class", journalClass)));
    if (!inEffect.getString("class").equals(journalClass)) {
      throw new IllegalStateException("the journal " + id + " was started as "
          + inEffect.getString("class") + " before group commit could take its place");
    }
    return new InPlace(id, journalClass);
  }
}
