package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.References;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delete answers before its end is journaled (docs/design.md, "The delete saga"), so a crash
 * can make recovery run its steps again after its client went on: every step must then answer
 * as the first time and undo nothing a later acknowledged write did.
 */
class StepsAgainTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void steps_run_again_after_the_image_was_loaded_anew_give_the_same_records_and_keep_its_tag()
      throws Exception {
    ImageId image = NODE.driver().register("again", Optional.empty(),
        List.of(diffId("again")), "again:1");
    DeleteSteps steps = new DeleteSteps(NODE.driver().entities(), LayerBlobs.NONE);
    DeletePlan plan = new DeletePlan(image,
        Optional.of(References.parseNormalizedNamed("again:1")), "again:1",
        DeleteOptions.defaults(), Optional.empty());
    List<DeleteRecord> answered = await(steps.run("again-saga", plan));

    // The client had its answer and loads the image again under the same tag; then the node
    // dies before the saga's end is on disk, and recovery runs the same steps once more.
    NODE.driver().register("again", Optional.empty(), List.of(diffId("again")), "again:1");
    List<DeleteRecord> resumed = await(steps.run("again-saga", plan));

    assertThat(resumed).isEqualTo(answered);
    assertThat(NODE.driver().image(image).lifecycle()).isEqualTo(Lifecycle.PRESENT);
    assertThat(NODE.driver().repository("docker.io/library/again").references())
        .containsEntry("docker.io/library/again:1", image);
    assertThat(NODE.driver().layer(ChainIds.of(List.of(diffId("again"))).get(0)).isPresent())
        .isTrue();
  }

  @Test
  void a_node_dead_between_the_answer_and_the_end_finishes_the_saga_with_the_answered_records()
      throws Exception {
    ImageId image = NODE.driver().register("answered", Optional.empty(),
        List.of(diffId("answered")), "answered:1");
    String saga = "answered-then-crashed";
    DeletePlan plan = new DeletePlan(image,
        Optional.of(References.parseNormalizedNamed("answered:1")), "answered:1",
        DeleteOptions.defaults(), Optional.empty());
    // What the journal holds when the node dies after the answer, before the end is written:
    // the plan, every step, and what the client did next (the same image loaded again).
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(DeletionEntity.ENTITY_TYPE_KEY.name(), saga), DeletionEntity.TAG,
        List.of(new DeletionEvent.Started(plan, NodeDriver.PROVENANCE, Instant.now())));
    List<DeleteRecord> answered = await(
        new DeleteSteps(NODE.driver().entities(), LayerBlobs.NONE).run(saga, plan));
    NODE.driver().register("answered", Optional.empty(), List.of(diffId("answered")),
        "answered:1");

    NODE.restart();

    assertThat(lastEvent(saga)).isEqualTo(new DeletionEvent.Finished(answered,
        ((DeletionEvent.Finished) lastEvent(saga)).at()));
    assertThat(NODE.driver().image(image).lifecycle()).isEqualTo(Lifecycle.PRESENT);
    assertThat(NODE.driver().repository("docker.io/library/answered").references())
        .containsEntry("docker.io/library/answered:1", image);
  }

  /** The saga's last journaled event. */
  private static Object lastEvent(String saga) {
    var journal = PersistenceQuery.get(NODE.driver().node().system()).getReadJournalFor(
        CurrentEventsByPersistenceIdQuery.class,
        NODE.driver().node().settings().readJournalPluginId());
    return await(journal.currentEventsByPersistenceId(
            DeletionEntity.ENTITY_TYPE_KEY.name() + "|" + saga, 0, Long.MAX_VALUE)
        .runFold((Object) null, (last, envelope) -> envelope.event(),
            NODE.driver().node().system()));
  }
}
