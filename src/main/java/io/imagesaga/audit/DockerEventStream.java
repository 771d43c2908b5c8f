package io.imagesaga.audit;

import io.imagesaga.JournalTags;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code docker events} from the journal rather than from a 256-entry memory ring: every event
 * since {@code since}, in write order, across restarts; then, unless {@code until} is already
 * past, the live ones until {@code until} (or for as long as the client listens).
 */
public final class DockerEventStream {
  private final ActorSystem<?> system;
  private final String readJournalPluginId;

  public DockerEventStream(ActorSystem<?> system, String readJournalPluginId) {
    this.system = system;
    this.readJournalPluginId = readJournalPluginId;
  }

  /**
   * @param since first instant included; without it only events from now on, as dockerd
   * @param until last instant included; the stream completes there
   */
  public Source<DockerEvent, NotUsed> events(Optional<Instant> since, Optional<Instant> until,
      Predicate<DockerEvent> filter) {
    Instant now = Instant.now();
    Instant from = since.orElse(now);
    boolean past = until.isPresent() && !until.get().isAfter(now);
    Source<EventEnvelope, NotUsed> envelopes = past
        ? PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByTagQuery.class,
            readJournalPluginId).currentEventsByTag(JournalTags.DOCKER_EVENTS, Offset.noOffset())
        : PersistenceQuery.get(system).getReadJournalFor(EventsByTagQuery.class,
            readJournalPluginId).eventsByTag(JournalTags.DOCKER_EVENTS, Offset.noOffset());
    Source<DockerEvent, NotUsed> events = envelopes
        .statefulMapConcat(() -> {
          DockerEventMapper mapper = new DockerEventMapper();
          return envelope -> mapper.map(envelope.persistenceId(), envelope.event());
        })
        .filter(e -> !e.time().isBefore(from))
        .filter(e -> until.map(u -> !e.time().isAfter(u)).orElse(true))
        .filter(filter::test);
    return until.isPresent() && !past
        ? events.takeWithin(Duration.between(now, until.get())) : events;
  }
}
