package io.imagesaga.layer;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.imagesaga.CborSerializable;
import io.imagesaga.JournalTags;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot that no longer reads, as a layer snapshot of an earlier build (which counted its
 * holders) does not: the entity recovers from its events, all of which the journal keeps, rather
 * than failing to start.
 */
class UnreadableSnapshotTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  /** A snapshot whose reading fails, whatever it says. */
  record Unreadable(String why) implements CborSerializable {
    @JsonCreator
    static Unreadable read(String why) {
      throw new IllegalArgumentException("written by another build: " + why);
    }
  }

  @Test
  void a_layer_whose_snapshot_does_not_read_recovers_from_its_events() throws Exception {
    Digest chain = diffId("unreadable-snapshot");
    Holder image = new Holder("sha256:" + "a".repeat(64), "op-1");
    Holder other = new Holder("sha256:" + "b".repeat(64), "op-2");
    Instant at = Instant.EPOCH;
    write(PersistenceId.of(LayerEntity.ENTITY_TYPE_KEY.name(), chain.toString()), List.of(
        new LayerEvent.Created(Optional.empty(), chain, 42, Optional.empty(),
            "op-1/" + image.id(), at, image),
        new LayerEvent.HolderAdded(at, "op-2/" + other.id(), other)));
    NODE.restart();

    LayerState layer = NODE.driver().layer(chain);

    assertThat(layer.holders()).containsExactlyInAnyOrder(image, other);
    assertThat(layer.diffSize()).isEqualTo(42);
  }

  /** Journals {@code events} as the layer's, each followed by an unreadable snapshot. */
  private static void write(PersistenceId id, List<Object> events) {
    var system = NODE.driver().node().system();
    ActorRef<ActorRef<Done>> writer = system.systemActorOf(new SnapshottingWriter(id, events),
        "snapshotting-writer", Props.empty());
    NodeDriver.await(AskPattern.<ActorRef<Done>, Done>ask(
        writer, replyTo -> replyTo, Duration.ofSeconds(10), system.scheduler()));
  }

  private static final class SnapshottingWriter
      extends EventSourcedBehavior<ActorRef<Done>, Object, Unreadable> {
    private final List<Object> events;
    private ActorRef<Done> asked;

    SnapshottingWriter(PersistenceId id, List<Object> events) {
      super(id);
      this.events = events;
    }

    @Override
    public Unreadable emptyState() {
      return new Unreadable("empty");
    }

    @Override
    public CommandHandler<ActorRef<Done>, Object, Unreadable> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onAnyCommand((state, replyTo) -> {
        asked = replyTo;
        return Effect().persist(events);
      });
    }

    @Override
    public EventHandler<Unreadable, Object> eventHandler() {
      return (state, event) -> new Unreadable(event.getClass().getSimpleName());
    }

    @Override
    public boolean shouldSnapshot(Unreadable state, Object event, long sequenceNr) {
      return sequenceNr == events.size();
    }

    @Override
    public SignalHandler<Unreadable> signalHandler() {
      return newSignalHandlerBuilder().onSignal(SnapshotCompleted.class,
          (state, done) -> asked.tell(Done.getInstance())).build();
    }

    @Override
    public Set<String> tagsFor(Object event) {
      return Set.of(LayerEntity.TAG, JournalTags.AUDIT);
    }
  }
}
