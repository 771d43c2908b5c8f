package io.imagesaga.audit;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What {@code docker events} reads of the journal: the events under the {@link
 * io.imagesaga.JournalTags#DOCKER_EVENTS} tag by offset (1 is the first, each next one is one
 * more, none is ever skipped), and an entity's own events for the attributes they carry.
 */
public interface EventJournal {
  /** The offset of the last event under the tag now (0 when there is none); reads no event. */
  CompletionStage<Long> end();

  /** The events after offset {@code after} in offset order, then each new one as it is written. */
  Source<EventEnvelope, NotUsed> following(long after);

  /** The events after offset {@code after} written so far, in offset order; then it completes. */
  Source<EventEnvelope, NotUsed> current(long after);

  /** The events of one entity, from its first up to {@code toSequenceNr}. */
  Source<EventEnvelope, NotUsed> entity(String persistenceId, long toSequenceNr);
}
