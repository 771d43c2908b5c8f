package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
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
 * A delete interrupted by a crash: the journal is put in the state the crash left (the saga's
 * plan journaled, some steps taken), the node restarted, and the delete must be complete, or
 * dropped if nothing had changed yet, before the node serves anyone.
 */
class DeletionResumeTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_delete_interrupted_after_its_first_step_is_finished_on_restart() throws Exception {
    List<Digest> diffIds = List.of(diffId("resume-1"), diffId("resume-2"));
    List<Digest> chain = ChainIds.of(diffIds);
    ImageId base = NODE.driver().register("resume-base", Optional.empty(), diffIds.subList(0, 1));
    ImageId app = NODE.driver().register("resume-app", Optional.of(base), diffIds, "resume:1");
    String saga = "resume-after-first-step";
    DeleteOutcome first = NodeDriver.await(NODE.driver().entities().<DeleteOutcome>image(app,
        replyTo -> new ImageCommand.DeleteById(false, saga, replyTo)));
    assertThat(first).isInstanceOf(DeleteOutcome.Done.class);
    crashAfterStarting(saga, new DeletePlan(app, Optional.empty(), app.hex(),
        DeleteOptions.defaults(), Optional.empty()));

    NODE.restart();

    assertThat(ends(saga)).isEqualTo("Finished");
    assertThat(NODE.driver().image(app).lifecycle()).isEqualTo(Lifecycle.DELETED);
    assertThat(NODE.driver().image(base).lifecycle()).isEqualTo(Lifecycle.DELETED);
    assertThat(NODE.driver().layer(chain.get(1)).isPresent()).isFalse();
    assertThat(NODE.driver().layer(chain.get(0)).isPresent()).isFalse();
    assertThat(NODE.driver().repository("docker.io/library/resume").references()).isEmpty();
  }

  @Test
  void a_delete_interrupted_before_it_changed_anything_is_dropped() throws Exception {
    ImageId lone = NODE.driver().register("resume-lone", Optional.empty(),
        List.of(diffId("resume-lone")), "lone:1");
    String saga = "resume-before-first-step";
    crashAfterStarting(saga, new DeletePlan(lone, Optional.empty(), lone.hex(),
        DeleteOptions.defaults(), Optional.empty()));

    NODE.restart();

    assertThat(ends(saga)).isEqualTo("Abandoned");
    assertThat(NODE.driver().image(lone).lifecycle()).isEqualTo(Lifecycle.PRESENT);
    assertThat(NODE.driver().rmi("lone:1", DeleteOptions.defaults()))
        .startsWith("Untagged: lone:1\nDeleted: " + lone);
  }

  private static void crashAfterStarting(String saga, DeletePlan plan) {
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(DeletionEntity.ENTITY_TYPE_KEY.name(), saga), DeletionEntity.TAG,
        List.of(new DeletionEvent.Started(plan, NodeDriver.PROVENANCE, Instant.now())));
  }

  /** The saga's last journaled event, by its simple name. */
  private static String ends(String saga) {
    var journal = PersistenceQuery.get(NODE.driver().node().system()).getReadJournalFor(
        CurrentEventsByPersistenceIdQuery.class,
        NODE.driver().node().settings().readJournalPluginId());
    return NodeDriver.await(journal.currentEventsByPersistenceId(
            DeletionEntity.ENTITY_TYPE_KEY.name() + "|" + saga, 0, Long.MAX_VALUE)
        .runFold("none", (last, envelope) -> envelope.event().getClass().getSimpleName(),
            NODE.driver().node().system()));
  }
}
