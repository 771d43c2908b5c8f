package io.imagesaga.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code docker events} from the journal rather than from a 256-entry memory ring.
 *
 * <p>A request takes its position first: the journal's last offset {@code end}. Everything up
 * to {@code end} is the replay, everything after it is live, so the two meet at one offset
 * with nothing lost or repeated between them. As in dockerd, there is a replay only when
 * {@code since} or {@code until} is given, and only the replay is bounded by {@code since}
 * (every live event is new); a client that gives neither reads no past event at all, and
 * follows from {@code end}. With {@code until} in the past the answer is the replay. With
 * {@code until} ahead the stream follows until then, and at that moment reads on, from the
 * last event it delivered, what the journal holds: an event up to {@code until} is never cut
 * off by a slow replay or a late notification. Events later than {@code until} are left out.
 */
public final class DockerEventStream {
  /** Longer than the scheduler can wait: such a client is followed until it leaves. */
  static final Duration LONGEST_WAIT = Duration.ofDays(200);
  private static final int ACTORS_REMEMBERED = 1024;

  private final EventJournal journal;
  private final int actorsRemembered;

  /** @param askTimeout how long a client waits for the journal's end position */
  public DockerEventStream(ActorSystem<?> system, String readJournalPluginId,
      Duration askTimeout) {
    this(new LeveldbEventJournal(system, readJournalPluginId, askTimeout), ACTORS_REMEMBERED);
  }

  /** @param actorsRemembered how many images and containers a stream keeps attributes of */
  public DockerEventStream(EventJournal journal, int actorsRemembered) {
    this.journal = journal;
    this.actorsRemembered = actorsRemembered;
  }

  /**
   * The events, once the position is taken: every event written after the returned stage has
   * completed is in the stream (unless later than {@code until}).
   *
   * @param since first instant of the replay
   * @param until last instant included; the stream completes there
   */
  public CompletionStage<Source<DockerEvent, NotUsed>> events(Optional<Instant> since,
      Optional<Instant> until, Predicate<DockerEvent> filter) {
    Instant now = Instant.now();
    Window window = new Window(since.isPresent() || until.isPresent(), since, until);
    boolean pastOnly = until.isPresent() && until.get().isBefore(now);
    return journal.end().thenApply(end -> Source.<DockerEvent, NotUsed>fromMaterializer(
        (materializer, attributes) -> {
          DockerEventMapper mapper = new DockerEventMapper(
              new ActorAttributes(journal, materializer, actorsRemembered));
          Source<EventEnvelope, NotUsed> envelopes = pastOnly
              ? journal.current(0).takeWhile(e -> offset(e) <= end)
              : followed(window.replay() ? 0 : end, until.map(u -> Duration.between(now, u)));
          return envelopes.mapAsync(1, envelope -> mapper.map(envelope).thenApply(events ->
                  window.keep(offset(envelope) <= end, events)))
              .mapConcat(events -> events)
              .filter(filter::test);
        }).mapMaterializedValue(ignored -> NotUsed.getInstance()));
  }

  /**
   * From {@code after} on, live; with a wait, cut when it is over and then read on from the
   * last event delivered to what the journal holds at that moment.
   */
  private Source<EventEnvelope, NotUsed> followed(long after, Optional<Duration> wait) {
    if (wait.isEmpty() || wait.get().compareTo(LONGEST_WAIT) > 0) {
      return journal.following(after);
    }
    AtomicLong delivered = new AtomicLong(after);
    return journal.following(after)
        .takeWithin(wait.get())
        .map(envelope -> {
          delivered.set(offset(envelope));
          return envelope;
        })
        .concatLazy(Source.lazySource(() -> journal.current(delivered.get())));
  }

  private static long offset(EventEnvelope envelope) {
    return ((Sequence) envelope.offset()).value();
  }

  /** Which mapped events a stream answers: the replay's in [since, until], live ones to until. */
  private record Window(boolean replay, Optional<Instant> since, Optional<Instant> until) {
    List<DockerEvent> keep(boolean replayed, List<DockerEvent> events) {
      if (replayed && !replay) {
        return List.of();
      }
      return events.stream()
          .filter(e -> !replayed || since.map(s -> !e.time().isBefore(s)).orElse(true))
          .filter(e -> until.map(u -> !e.time().isAfter(u)).orElse(true))
          .toList();
    }
  }
}
