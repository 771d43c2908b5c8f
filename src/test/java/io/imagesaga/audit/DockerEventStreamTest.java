package io.imagesaga.audit;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.JournalTags;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a {@code docker events} stream reads of the journal: a subscriber without {@code since}
 * reads no past event, and attributes come from bounded lookups, whatever the stream saw.
 */
class DockerEventStreamTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  static final int HISTORY = 2_000;
  static ImageId labelled;

  @BeforeAll
  static void history() {
    ImageId filler = ImageId.parse("sha256:" + "e".repeat(64));
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      events.add(new ImageEvent.Announced("load", filler.toString(), Instant.now()));
    }
    JournalWriter.append(system(), ImageEntity.persistenceId(filler), JournalTags.DOCKER_EVENTS,
        events);
    labelled = NODE.driver().register("stream-a", Optional.empty(),
        List.of(diffId("stream-a-l1")), "stream/a:1");
    assertThat(NODE.driver().createContainer("stream-c", "stream/a:1"))
        .isEqualTo(labelled.toString());
  }

  @Test
  void a_subscriber_without_since_reads_no_past_event_and_gets_the_next_ones() {
    Counting journal = new Counting(new LeveldbEventJournal(system(), "pekko.persistence"
        + ".query.journal.leveldb", Duration.ofSeconds(10)));
    long before = await(journal.end());
    assertThat(before).isGreaterThan(HISTORY);
    Source<DockerEvent, NotUsed> events = await(new DockerEventStream(journal, 1024)
        .events(Optional.empty(), Optional.empty(), e -> true));
    CompletionStage<List<DockerEvent>> received = events.take(2).runWith(Sink.seq(), system());
    // Written after the position was taken: both must come.
    assertThat(NODE.driver().tag("stream/a:1", "stream/a:next")).isEmpty();
    assertThat(NODE.driver().tag("stream/a:1", "stream/a:after")).isEmpty();

    List<DockerEvent> got = await(received);
    assertThat(got).extracting(e -> e.action() + " " + e.attributes().get("name"))
        .containsExactly("tag stream/a:next", "tag stream/a:after");
    assertThat(journal.tagOffsetsRead).isNotEmpty().allMatch(offset -> offset > before);
  }

  @Test
  void labels_and_container_names_do_not_depend_on_what_the_stream_remembers() {
    // One actor remembered: every other one is looked up in its own journal.
    DockerEventStream stream = new DockerEventStream(new LeveldbEventJournal(system(),
        "pekko.persistence.query.journal.leveldb", Duration.ofSeconds(10)), 1);
    Source<DockerEvent, NotUsed> live = await(stream.events(Optional.empty(), Optional.empty(),
        e -> e.attributes().containsKey("seed") || e.type().equals("container")));
    CompletionStage<List<DockerEvent>> received = live.take(6).runWith(Sink.seq(), system());
    ImageId other = NODE.driver().register("stream-b", Optional.empty(),
        List.of(diffId("stream-b-l1")), "stream/b:1");
    assertThat(NODE.driver().tag("stream/a:1", "stream/a:labelled")).isEmpty();
    assertThat(NODE.driver().start("stream-c")).isEqualTo("Changed");
    assertThat(NODE.driver().stop("stream-c")).isEqualTo("Changed");

    List<DockerEvent> got = await(received);
    assertThat(got.get(0).attributes()).isEqualTo(Map.of("seed", "stream-b",
        "name", "stream/b:1"));
    assertThat(got.get(1).attributes()).isEqualTo(Map.of("seed", "stream-a",
        "name", "stream/a:labelled"));
    // The container was created before the stream began: its name comes from its journal.
    assertThat(got.subList(2, 6)).extracting(DockerEvent::action)
        .containsExactly("start", "kill", "die", "stop");
    assertThat(got.subList(2, 6)).extracting(DockerEvent::attributes)
        .containsOnly(Map.of("name", "stream-c", "image", "stream/a:1"));
    // The replay of everything, remembering one actor, still labels each tag with its image.
    List<DockerEvent> replayed = await(await(stream.events(Optional.of(Instant.EPOCH),
            Optional.of(Instant.now()), e -> e.action().equals("tag") || e.type()
                .equals("container"))).runWith(Sink.seq(), system()));
    assertThat(replayed).filteredOn(e -> e.action().equals("tag"))
        .extracting(e -> e.actorId() + " " + e.attributes().get("seed"))
        .contains(labelled + " stream-a", other + " stream-b")
        .allMatch(line -> line.startsWith(labelled + " stream-a")
            || line.startsWith(other + " stream-b"));
    assertThat(replayed).filteredOn(e -> e.type().equals("container"))
        .extracting(DockerEvent::action).containsSubsequence("create", "start", "kill", "die",
            "stop");
    assertThat(replayed).filteredOn(e -> e.type().equals("container"))
        .allMatch(e -> e.attributes().get("name").equals("stream-c")
            && e.attributes().get("image").equals("stream/a:1"));
  }

  static ActorSystem<?> system() {
    return NODE.driver().node().system();
  }

  /** Records the offsets the tag queries deliver, the journal reads of the replay. */
  static final class Counting implements EventJournal {
    final EventJournal delegate;
    final ConcurrentLinkedQueue<Long> tagOffsetsRead = new ConcurrentLinkedQueue<>();

    Counting(EventJournal delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<Long> end() {
      return delegate.end();
    }

    @Override
    public Source<EventEnvelope, NotUsed> following(long after) {
      return delegate.following(after).map(this::read);
    }

    @Override
    public Source<EventEnvelope, NotUsed> current(long after) {
      return delegate.current(after).map(this::read);
    }

    @Override
    public Source<EventEnvelope, NotUsed> entity(String persistenceId, long toSequenceNr) {
      return delegate.entity(persistenceId, toSequenceNr);
    }

    private EventEnvelope read(EventEnvelope envelope) {
      tagOffsetsRead.add(((Sequence) envelope.offset()).value());
      return envelope;
    }
  }
}
