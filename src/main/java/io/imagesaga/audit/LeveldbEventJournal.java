package io.imagesaga.audit;

import com.typesafe.config.ConfigFactory;
import io.imagesaga.AskTimeouts;
import io.imagesaga.JournalTags;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The {@link EventJournal} of the node's LevelDB journal. The live query is LevelDB's: the
 * journal tells it of every tagged write and it reads on from the last offset it delivered,
 * so it neither skips nor repeats an offset.
 */
public final class LeveldbEventJournal implements EventJournal {
  private final ActorRef journal;
  private final EventsByTagQuery live;
  private final CurrentEventsByTagQuery current;
  private final CurrentEventsByPersistenceIdQuery entities;
  private final Duration askTimeout;

  public LeveldbEventJournal(ActorSystem<?> system, String readJournalPluginId,
      Duration askTimeout) {
    this.askTimeout = askTimeout;
    PersistenceQuery query = PersistenceQuery.get(system);
    this.live = query.getReadJournalFor(EventsByTagQuery.class, readJournalPluginId);
    this.current = query.getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    this.entities = query.getReadJournalFor(CurrentEventsByPersistenceIdQuery.class,
        readJournalPluginId);
    this.journal = Persistence.get(Adapter.toClassic(system)).journalFor("", ConfigFactory.empty());
  }

  @Override
  public CompletionStage<Long> end() {
    return end(journal, JournalTags.DOCKER_EVENTS, "the event journal's end", askTimeout);
  }

  /**
   * The offset of the last event under {@code tag} in the LevelDB journal of {@code system}
   * (its default journal), 0 when there is none; reads no event.
   */
  public static CompletionStage<Long> end(ActorSystem<?> system, String tag,
      Duration askTimeout) {
    return end(Persistence.get(Adapter.toClassic(system)).journalFor("", ConfigFactory.empty()),
        tag, "the end of the journal's " + tag + " tag", askTimeout);
  }

  /**
   * The read journal has no query for a tag's last offset, so this asks the journal the
   * question its own tag query starts with: a tagged replay from past every offset, of at most
   * no event, whose answer carries the tag's highest offset.
   */
  @SuppressWarnings("deprecation")
  private static CompletionStage<Long> end(ActorRef journal, String tag, String what,
      Duration askTimeout) {
    return AskTimeouts.waitingFor(what, askTimeout,
        Patterns.askWithReplyTo(journal, replyTo -> new LeveldbJournal.ReplayTaggedMessages(
            Long.MAX_VALUE, Long.MAX_VALUE, 0, tag, replyTo), askTimeout))
        .thenApply(LeveldbEventJournal::highest);
  }

  private static long highest(Object answer) {
    if (answer instanceof JournalProtocol.RecoverySuccess success) {
      return success.highestSequenceNr();
    } else if (answer instanceof JournalProtocol.ReplayMessagesFailure failure) {
      throw new IllegalStateException("the journal could not say where it ends",
          failure.cause());
    }
    throw new IllegalStateException("unexpected answer of the journal: " + answer);
  }

  @Override
  public Source<EventEnvelope, NotUsed> following(long after) {
    return live.eventsByTag(JournalTags.DOCKER_EVENTS, Offset.sequence(after));
  }

  @Override
  public Source<EventEnvelope, NotUsed> current(long after) {
    return current.currentEventsByTag(JournalTags.DOCKER_EVENTS, Offset.sequence(after));
  }

  @Override
  public Source<EventEnvelope, NotUsed> entity(String persistenceId, long toSequenceNr) {
    return entities.currentEventsByPersistenceId(persistenceId, 0, toSequenceNr);
  }
}
