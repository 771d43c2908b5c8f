package io.imagesaga.fleet;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What the fleet reads of its host's own journal, handed over by whoever started both: the
 * host's actor system (whose default journal is the host's LevelDB) and its read-journal
 * plugin.
 */
public record HostJournal(ActorSystem<?> system, String readJournalPluginId) {}
