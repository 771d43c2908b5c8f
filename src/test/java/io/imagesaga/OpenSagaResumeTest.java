package io.imagesaga;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delete or operation whose start is journaled but whose actor is gone (it crashed, or was
 * stopped, right after journaling its start: here the actor that wrote the start stops at once)
 * is carried through by the running node, without waiting for a restart.
 */
class OpenSagaResumeTest {
  private static final Duration MAX = Duration.ofSeconds(20);

  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded(Map.of(
      "imagesaga.resume.every", "200ms"));

  @Test
  void a_started_delete_whose_actor_is_gone_is_finished_without_a_restart() {
    ImageId image = NODE.driver().register("lost-delete", Optional.empty(),
        List.of(diffId("lost-delete")));
    String saga = "lost-delete-saga";
    DeleteOutcome first = NodeDriver.await(NODE.driver().entities().<DeleteOutcome>image(image,
        replyTo -> new ImageCommand.DeleteById(false, saga, replyTo)));
    assertThat(first).isInstanceOf(DeleteOutcome.Done.class);
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(DeletionEntity.ENTITY_TYPE_KEY.name(), saga), DeletionEntity.TAG,
        List.of(new DeletionEvent.Started(new DeletePlan(image, Optional.empty(), image.hex(),
            DeleteOptions.defaults(), Optional.empty()), NodeDriver.PROVENANCE, Instant.now())));

    awaitLastEvent(DeletionEntity.ENTITY_TYPE_KEY.name() + "|" + saga, "Finished");
    assertThat(NODE.driver().layer(ChainIds.of(List.of(diffId("lost-delete"))).get(0))
        .isPresent()).as("the delete released the layer").isFalse();
    assertThat(NODE.driver().image(image).lifecycle()).isEqualTo(Lifecycle.DELETED);
  }

  @Test
  void a_started_operation_whose_actor_is_gone_is_carried_through_without_a_restart()
      throws Exception {
    ImageId image = NODE.driver().register("lost-operation", Optional.empty(),
        List.of(diffId("lost-operation")));
    NamedReference ref = References.parseNormalizedNamed("lost:1");
    String operation = "lost-operation";
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(OperationEntity.ENTITY_TYPE_KEY.name(), operation),
        OperationEntity.TAG, List.of(new OperationEvent.Started(
            new OperationPlan.SetReference(ref, image), NodeDriver.PROVENANCE, Instant.now())));

    awaitLastEvent(OperationEntity.ENTITY_TYPE_KEY.name() + "|" + operation, "Completed");
    assertThat(NODE.driver().image(image).references()).containsExactly(ref);
    assertThat(NODE.driver().repository(ref.repository().name()).lookup(ref)).contains(image);
  }

  private static void awaitLastEvent(String persistenceId, String expected) {
    var system = NODE.driver().node().system();
    var journal = PersistenceQuery.get(system).getReadJournalFor(
        CurrentEventsByPersistenceIdQuery.class,
        NODE.driver().node().settings().readJournalPluginId());
    TestProbe.create(system).awaitAssert(MAX, () -> {
      String last = NodeDriver.await(journal.currentEventsByPersistenceId(
              persistenceId, 0, Long.MAX_VALUE)
          .runFold("none", (l, envelope) -> envelope.event().getClass().getSimpleName(),
              system));
      assertThat(last).as(persistenceId).isEqualTo(expected);
      return last;
    });
  }
}
