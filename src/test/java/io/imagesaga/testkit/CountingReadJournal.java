package io.imagesaga.testkit;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.ReadJournalProvider;
import org.apache.pekko.persistence.query.journal.leveldb.javadsl.LeveldbReadJournal;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The LevelDB read journal, counting the events each tag query delivers: how a test sees what a
 * node reads from the journal (at start, for instance) without asking the node. Use
 * {@link #overrides()} and point {@code imagesaga.read-journal} at {@link #PLUGIN}.
 */
public final class CountingReadJournal implements ReadJournalProvider {
  public static final String PLUGIN = "imagesaga-test.counting-read-journal";
  private static final Map<String, LongAdder> READ = new ConcurrentHashMap<>();

  private final ExtendedActorSystem system;
  private final String delegate;

  public CountingReadJournal(ExtendedActorSystem system, Config config) {
    this.system = system;
    this.delegate = config.getString("delegate");
  }

  /** The plugin's configuration, as overrides of a node's ({@link NodeDriver#start}). */
  public static Map<String, Object> overrides() {
    return Map.of(
        PLUGIN + ".class", CountingReadJournal.class.getName(),
        PLUGIN + ".delegate", "pekko.persistence.query.journal.leveldb",
        "imagesaga.read-journal", PLUGIN);
  }

  /** Events delivered by tag queries on {@code tag} since the last {@link #reset}. */
  public static long read(String tag) {
    LongAdder count = READ.get(tag);
    return count == null ? 0 : count.sum();
  }

  /** Every tag's count since the last {@link #reset}. */
  public static Map<String, Long> all() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    READ.forEach((tag, count) -> counts.put(tag, count.sum()));
    return counts;
  }

  public static void reset() {
    READ.clear();
  }

  private LeveldbReadJournal leveldb() {
    return PersistenceQuery.get(system).getReadJournalFor(LeveldbReadJournal.class, delegate);
  }

  @Override
  public org.apache.pekko.persistence.query.scaladsl.ReadJournal scaladslReadJournal() {
    return PersistenceQuery.get(system).readJournalFor(delegate);
  }

  @Override
  public ReadJournal javadslReadJournal() {
    return new Counting();
  }

  private final class Counting implements CurrentEventsByTagQuery, EventsByTagQuery,
      CurrentEventsByPersistenceIdQuery {
    @Override
    public Source<EventEnvelope, NotUsed> currentEventsByTag(String tag, Offset offset) {
      return counted(tag, leveldb().currentEventsByTag(tag, offset));
    }

    @Override
    public Source<EventEnvelope, NotUsed> eventsByTag(String tag, Offset offset) {
      return counted(tag, leveldb().eventsByTag(tag, offset));
    }

    @Override
    public Source<EventEnvelope, NotUsed> currentEventsByPersistenceId(
        String persistenceId, long fromSequenceNr, long toSequenceNr) {
      return leveldb().currentEventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr);
    }

    private Source<EventEnvelope, NotUsed> counted(String tag,
        Source<EventEnvelope, NotUsed> events) {
      LongAdder count = READ.computeIfAbsent(tag, t -> new LongAdder());
      return events.map(envelope -> {
        count.increment();
        return envelope;
      });
    }
  }
}
