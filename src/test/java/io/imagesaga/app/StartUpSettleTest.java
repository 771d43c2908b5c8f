package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interrupted work that cannot finish while the start waits for it carries on in the
 * background and the node starts, whatever became of the start's question to it: here the
 * saga cannot even be recovered, so its answer never comes, and the question's own timeout
 * (saga-timeout × 10 before this was fixed) falls well inside settle-timeout.
 */
class StartUpSettleTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded(Map.of(
      "imagesaga.saga-timeout", "50ms", "imagesaga.start.settle-timeout", "3s"));

  @Test
  void a_start_whose_settle_question_fails_still_starts_and_skips_the_sweep() throws Exception {
    ImageId image = new ImageId("5".repeat(64));
    PersistenceId saga = PersistenceId.of(DeletionEntity.ENTITY_TYPE_KEY.name(), "unsettled");
    // An event no delete saga can replay, then the start that makes the saga open.
    JournalWriter.append(NODE.driver().node().system(), saga, "unreadable",
        List.of(new OperationEvent.Completed(Instant.now())));
    JournalWriter.append(NODE.driver().node().system(), saga, DeletionEntity.TAG,
        List.of(new DeletionEvent.Started(new DeletePlan(image, Optional.empty(), image.hex(),
            DeleteOptions.defaults(), Optional.empty()), NodeDriver.PROVENANCE, Instant.now())));
    Path stray = NODE.dataDir().resolve("blobs").resolve("layers")
        .resolve("3".repeat(64) + "-" + "4".repeat(32));
    Files.createDirectories(stray.getParent());
    Files.write(stray, new byte[] {1});

    NODE.restart();

    assertThat(NodeDriver.await(NODE.driver().node().images().list())).isEmpty();
    assertThat(stray).as("the sweep was skipped for this start").exists();
  }
}
