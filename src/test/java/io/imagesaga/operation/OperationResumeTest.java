package io.imagesaga.operation;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operation cut short by a crash is carried through when the node starts again, its steps
 * answering as the first time: here a tag moved between two images, stopped after the
 * repository had moved it but before the image it left had forgotten it.
 */
class OperationResumeTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_tag_move_interrupted_half_way_is_completed_on_restart() throws Exception {
    ImageId from = NODE.driver().register("op-from", Optional.empty(),
        List.of(diffId("op-1")), "moving:1");
    ImageId to = NODE.driver().register("op-to", Optional.empty(), List.of(diffId("op-2")));
    NamedReference ref = References.parseNormalizedNamed("moving:1");
    String operation = "tag-move-cut-short";
    NodeDriver.await(NODE.driver().entities().<Confirmation>image(to,
        replyTo -> new ImageCommand.AddReference(ref, replyTo)));
    NodeDriver.await(NODE.driver().entities().<RepositoryCommand.Resolution>repository(
        ref.repository().name(),
        replyTo -> new RepositoryCommand.SetReference(ref, to, operation, replyTo)));
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(OperationEntity.ENTITY_TYPE_KEY.name(), operation), OperationEntity.TAG,
        List.of(new OperationEvent.Started(new OperationPlan.SetReference(ref, to),
            NodeDriver.PROVENANCE, Instant.now())));
    assertThat(NODE.driver().image(from).references()).as("the crash's leftover")
        .contains(ref);

    NODE.restart();

    assertThat(NODE.driver().image(from).references()).doesNotContain(ref);
    assertThat(NODE.driver().image(to).references()).containsExactly(ref);
    assertThat(NODE.driver().repository(ref.repository().name()).lookup(ref))
        .contains(to);
  }

  @Test
  void blobs_a_crash_left_without_a_layer_are_removed_on_restart_and_owned_ones_kept()
      throws Exception {
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    NodeDriver.await(NODE.driver().node().loader().load(
        new ByteArrayInputStream(sample.toByteArray()), NodeDriver.PROVENANCE));
    long owned = NODE.layerBlobs();
    Path layers = NODE.dataDir().resolve("blobs").resolve("layers");
    Files.writeString(layers.resolve("a".repeat(64) + "-" + "b".repeat(32)), "staged, then kill");

    NODE.restart();

    assertThat(NODE.layerBlobs()).isEqualTo(owned).isGreaterThanOrEqualTo(3);
  }
}
