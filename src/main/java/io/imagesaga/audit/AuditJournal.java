package io.imagesaga.audit;

import io.imagesaga.JournalTags;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The audit log: every event in the order the journal wrote it, read through the {@link
 * JournalTags#AUDIT} tag. Works on a running node's actor system and on an {@link
 * OfflineJournal}'s alike.
 */
public final class AuditJournal {
  private static final int READ_AHEAD = 8192;

  private final ActorSystem<?> system;
  private final CurrentEventsByTagQuery query;

  public AuditJournal(ActorSystem<?> system, String readJournalPluginId) {
    this.system = system;
    this.query = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
  }

  /**
   * The events written so far, from offset {@code after + 1} on; the stream then completes.
   * Reading (the journal's thread) and whatever consumes the records run concurrently, with a
   * buffer between them: a replay is as fast as the slower of the two, not their sum.
   */
  public Source<JournalRecord, NotUsed> records(long after) {
    return query.currentEventsByTag(JournalTags.AUDIT, after == 0 ? Offset.noOffset()
            : Offset.sequence(after))
        .map(AuditJournal::record)
        .async()
        .buffer(READ_AHEAD, OverflowStrategy.backpressure());
  }

  /**
   * This log as the audit folds read it ({@link Replay}), on its actor system; it tells its end
   * by asking the journal ({@link LeveldbEventJournal#end}), waiting at most {@code askTimeout}.
   */
  public Replay replay(Duration askTimeout) {
    return new Replay() {
      @Override
      public CompletionStage<?> run(long after, Predicate<JournalRecord> whileTrue,
          Consumer<JournalRecord> action) {
        return records(after).takeWhile(whileTrue::test).runForeach(action::accept, system);
      }

      @Override
      public CompletionStage<OptionalLong> end() {
        // A journal that does not say in time leaves the read to start at the cursor.
        return LeveldbEventJournal.end(system, JournalTags.AUDIT, askTimeout)
            .thenApply(OptionalLong::of).exceptionally(failure -> OptionalLong.empty());
      }
    };
  }

  private static JournalRecord record(EventEnvelope envelope) {
    long offset = envelope.offset() instanceof Sequence sequence ? sequence.value() : 0L;
    return new JournalRecord(offset, envelope.persistenceId(), envelope.sequenceNr(),
        Instant.ofEpochMilli(envelope.timestamp()), envelope.event());
  }
}
