package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.Checkpoints;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.CountingReadJournal;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resumer outlives a failure: here the entity type of an open saga is not started in
 * sharding yet, so waking it throws, look after look, until the type is started; then the saga
 * is woken. Every look first reads the kind's tag, which is how the test sees looks go on.
 */
class OpenSagaSupervisionTest {
  private static final String TAG = "resume-probe";
  private static final Duration MAX = Duration.ofSeconds(20);

  @RegisterExtension static final NodeExtension NODE =
      NodeExtension.embedded(CountingReadJournal.overrides());

  @Test
  void the_resumer_carries_on_after_a_failure() throws Exception {
    var system = NODE.driver().node().system();
    EntityTypeKey<String> type = EntityTypeKey.create(String.class, "ResumeProbe");
    SagaKind<String> kind = SagaKind.of("probe", TAG,
        event -> event instanceof DeletionEvent.Started, type, "resume", replyTo -> "settle");
    ImageId image = new ImageId("6".repeat(64));
    JournalWriter.append(system, PersistenceId.of(type.name(), "open"), TAG,
        List.of(new DeletionEvent.Started(new DeletePlan(image, Optional.empty(), image.hex(),
            DeleteOptions.defaults(), Optional.empty()), NodeDriver.PROVENANCE, Instant.now())));
    Checkpoints checkpoints = new Checkpoints(system,
        NODE.driver().node().settings().readJournalPluginId(),
        NODE.dataDir().resolve("probe-checkpoints"),
        system.dispatchers().lookup(DispatcherSelector.blocking()));
    Checkpoint<Boolean> index = NodeDriver.await(checkpoints.current(kind.index(),
        new LongAdder()));
    assertThat(kind.open(index)).containsExactly("open");
    long before = CountingReadJournal.read(TAG);

    system.systemActorOf(OpenSagas.create(checkpoints, List.of(kind), List.of(index),
        Duration.ofMillis(100)), "probe-resumer", Props.empty());

    TestProbe<String> woken = TestProbe.create(system);
    woken.awaitAssert(MAX, () -> assertThat(CountingReadJournal.read(TAG) - before)
        .as("looks, past the first one that failed").isGreaterThanOrEqualTo(2));
    ClusterSharding.get(system).init(Entity.of(type, entity -> Behaviors.receiveMessage(
        message -> {
          woken.ref().tell(entity.getEntityId() + ": " + message);
          return Behaviors.same();
        })));
    woken.expectMessage(MAX, "open: resume");
  }
}
