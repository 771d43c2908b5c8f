package io.imagesaga;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;

/**
 * Finds the sagas of one kind that the journal shows started but not ended: those whose last
 * tagged event is their start. A node wakes them before it serves clients.
 */
public final class UnfinishedSagas {
  private UnfinishedSagas() {}

  /** The entity IDs (the part of the persistence ID after {@code |}) of the unfinished ones. */
  public static CompletionStage<List<String>> find(ActorSystem<?> system,
      String readJournalPluginId, String tag, Predicate<Object> isStart) {
    CurrentEventsByTagQuery journal = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    return journal.currentEventsByTag(tag, Offset.noOffset())
        .runFold(new HashMap<String, Boolean>(), (open, envelope) -> {
          open.put(envelope.persistenceId(), isStart.test(envelope.event()));
          return open;
        }, system)
        .thenApply(UnfinishedSagas::entityIds);
  }

  private static List<String> entityIds(Map<String, Boolean> open) {
    return open.entrySet().stream().filter(Map.Entry::getValue)
        .map(e -> e.getKey().substring(e.getKey().indexOf('|') + 1)).sorted().toList();
  }
}
