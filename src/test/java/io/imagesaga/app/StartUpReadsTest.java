package io.imagesaga.app;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.testkit.CountingReadJournal;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Resident;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A start reads what is still open and what changed since the last checkpoint, not the
 * history: after finished deletes and operations, it reads none of their events (at most the
 * one event per tag that shows the checkpoint belongs to this journal) and wakes none of them.
 */
class StartUpReadsTest {
  private static final int IMAGES = 12;

  @RegisterExtension
  static final NodeExtension NODE = NodeExtension.embedded(CountingReadJournal.overrides());

  @Test
  void a_start_after_finished_deletes_and_operations_reads_none_of_them() throws Exception {
    for (int i = 0; i < IMAGES; i++) {
      NODE.driver().register("reads-" + i, Optional.empty(), List.of(diffId("reads-" + i)),
          "reads:" + i);
    }
    NODE.driver().createContainer("reads-container", "reads:1");
    for (int i = 0; i < IMAGES; i += 2) {
      assertThat(NODE.driver().rmi("reads:" + i, DeleteOptions.defaults())).contains("Deleted");
    }
    assertThat(NODE.driver().rmi("nosuch", DeleteOptions.defaults())).startsWith("404");

    NODE.restart(CountingReadJournal::reset);

    assertThat(CountingReadJournal.all()).as("events read per tag during the start")
        .allSatisfy((tag, read) -> assertThat(read).as(tag).isLessThanOrEqualTo(1));
    assertThat(Resident.entities(NODE.driver().node().system(), DeletionEntity.ENTITY_TYPE_KEY))
        .isEmpty();
    assertThat(Resident.entities(NODE.driver().node().system(), OperationEntity.ENTITY_TYPE_KEY))
        .isEmpty();
    assertThat(NodeDriver.await(NODE.driver().node().images().list())).hasSize(IMAGES / 2);
    assertThat(NodeDriver.await(NODE.driver().node().containers().list())).hasSize(1);
    assertThat(readAll(DeletionEntity.TAG)).as("the counter sees the node's reads")
        .isEqualTo(CountingReadJournal.read(DeletionEntity.TAG)).isEqualTo(IMAGES);
  }

  private static long readAll(String tag) {
    CountingReadJournal.reset();
    var system = NODE.driver().node().system();
    return NodeDriver.await(PersistenceQuery.get(system).getReadJournalFor(
            CurrentEventsByTagQuery.class, NODE.driver().node().settings().readJournalPluginId())
        .currentEventsByTag(tag, Offset.noOffset()).runFold(0L, (n, e) -> n + 1, system));
  }
}
