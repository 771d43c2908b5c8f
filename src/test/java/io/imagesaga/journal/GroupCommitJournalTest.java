package io.imagesaga.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.journal.leveldb.javadsl.LeveldbReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many persistent actors writing at once through the node's journal: each is acknowledged,
 * replays exactly its own events in order, and the tag queries see every event once.
 */
class GroupCommitJournalTest {
  @TempDir Path dataDir;
  private ActorTestKit testKit;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create("group-commit", JournalTestKit.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void concurrent_writers_are_all_acknowledged_and_replay_exactly_their_own_events_in_order() {
    int writers = 200;
    int each = 5;
    List<ActorRef<Appender.Command>> refs = spawn(writers);
    appendConcurrently(refs, each);
    refs.forEach(testKit::stop);

    TestProbe<List<String>> recalled = testKit.createTestProbe();
    for (int w = 0; w < writers; w++) {
      testKit.spawn(new Appender("w" + w)).tell(new Appender.Recall(recalled.ref()));
      assertThat(recalled.receiveMessage(JournalTestKit.ACKED_WITHIN)).containsExactlyElementsOf(
          texts(w, each));
    }
    assertThat(JournalMetrics.get(testKit.system()).events()).isEqualTo(writers * each);
  }

  @Test
  void the_tag_queries_see_every_tagged_event_once_with_offsets_strictly_increasing()
      throws Exception {
    int writers = 100;
    int each = 3;
    LeveldbReadJournal queries = PersistenceQuery.get(testKit.system())
        .getReadJournalFor(LeveldbReadJournal.class, LeveldbReadJournal.Identifier());
    CompletionStage<List<EventEnvelope>> live = queries
        .eventsByTag(Appender.TAG, Offset.noOffset()).take(writers * each)
        .runWith(Sink.seq(), testKit.system());

    appendConcurrently(spawn(writers), each);

    List<EventEnvelope> followed = live.toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<EventEnvelope> current = queries.currentEventsByTag(Appender.TAG, Offset.noOffset())
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(offsets(followed)).containsExactlyElementsOf(
        IntStream.rangeClosed(1, writers * each).mapToObj(Long::valueOf).toList());
    assertThat(described(current)).containsExactlyElementsOf(described(followed));
    Map<String, List<String>> perWriter = new HashMap<>();
    for (EventEnvelope envelope : current) {
      perWriter.computeIfAbsent(envelope.persistenceId(), id -> new ArrayList<>())
          .add(((Appender.Appended) envelope.event()).text());
    }
    assertThat(perWriter).hasSize(writers);
    for (int w = 0; w < writers; w++) {
      assertThat(perWriter.get("Appender|w" + w)).containsExactlyElementsOf(texts(w, each));
    }
    Set<String> ids = Set.copyOf(queries.currentPersistenceIds()
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(60, TimeUnit.SECONDS));
    assertThat(ids).containsAll(perWriter.keySet());
  }

  private List<ActorRef<Appender.Command>> spawn(int writers) {
    return IntStream.range(0, writers)
        .mapToObj(w -> testKit.spawn(new Appender("w" + w), "w" + w)).toList();
  }

  /** Every writer is given all its texts at once; it writes them one after another. */
  private void appendConcurrently(List<ActorRef<Appender.Command>> refs, int each) {
    TestProbe<Integer> acks = testKit.createTestProbe();
    for (int j = 0; j < each; j++) {
      for (int w = 0; w < refs.size(); w++) {
        refs.get(w).tell(new Appender.Append("w" + w + "-" + j, acks.ref()));
      }
    }
    List<Integer> counts = acks.receiveSeveralMessages(refs.size() * each,
        JournalTestKit.ACKED_WITHIN);
    assertThat(counts).filteredOn(count -> count == each).hasSize(refs.size());
  }

  private static List<String> texts(int writer, int each) {
    return IntStream.range(0, each).mapToObj(j -> "w" + writer + "-" + j).toList();
  }

  private static List<Long> offsets(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(e -> ((Sequence) e.offset()).value()).toList();
  }

  private static List<String> described(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(e -> e.persistenceId() + "#" + e.sequenceNr() + "@"
        + ((Sequence) e.offset()).value()).toList();
  }
}
