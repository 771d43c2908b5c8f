package io.imagesaga.testkit;

import io.imagesaga.JournalTags;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** What a node's journal holds, read through its query side: to tell what a step wrote. */
public final class StepJournal {
  private StepJournal() {}

  /** How many events {@code persistenceId} has journaled. */
  public static long length(NodeDriver driver, String persistenceId) {
    var journal = PersistenceQuery.get(driver.node().system()).getReadJournalFor(
        CurrentEventsByPersistenceIdQuery.class, driver.node().settings().readJournalPluginId());
    return NodeDriver.await(journal.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
        .runFold(0L, (count, envelope) -> count + 1, driver.node().system()));
  }

  /** One record of the audit log: who wrote what. */
  public record Written(String persistenceId, Object event) {}

  /**
   * What was journaled after the first {@code before} records of the audit log, but the
   * forgets that ended sagas send their entities without waiting (bookkeeping that may land
   * after the saga answered): what a step that should change nothing must leave empty.
   */
  public static List<Written> changesSince(NodeDriver driver, int before) {
    List<Written> log = auditLog(driver);
    return log.subList(Math.min(before, log.size()), log.size()).stream()
        .filter(w -> !w.event().getClass().getSimpleName().equals("StepsForgotten"))
        .toList();
  }

  /** The whole audit log, in write order. */
  public static List<Written> auditLog(NodeDriver driver) {
    var journal = PersistenceQuery.get(driver.node().system()).getReadJournalFor(
        CurrentEventsByTagQuery.class, driver.node().settings().readJournalPluginId());
    return NodeDriver.await(journal.currentEventsByTag(JournalTags.AUDIT, Offset.noOffset())
        .map(e -> new Written(e.persistenceId(), e.event()))
        .runWith(Sink.seq(), driver.node().system()));
  }
}
