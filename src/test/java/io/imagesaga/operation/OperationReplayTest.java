package io.imagesaga.operation;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.operation.OperationPlan.PlannedLayer;
import io.imagesaga.operation.OperationPlan.RegisterImage;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.StepJournal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operation retried after more than 128 other operations took steps on the same entity, as
 * one whose step timed out retries while others go on: the entity answers as the first time,
 * nothing is applied twice, and no blob a layer owns is thrown away.
 */
class OperationReplayTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final int OTHERS = 130;

  @Test
  void a_tag_move_retried_after_others_moved_tags_of_the_repository_still_reaches_the_loser()
      throws Exception {
    ImageId from = NODE.driver().register("replay-from", Optional.empty(),
        List.of(diffId("replay-from")), "replay-move:1");
    ImageId to = NODE.driver().register("replay-to", Optional.empty(),
        List.of(diffId("replay-to")));
    NamedReference ref = References.parseNormalizedNamed("replay-move:1");
    String operation = "move-cut-short";
    await(NODE.driver().entities().<Confirmation>image(to,
        replyTo -> new ImageCommand.AddReference(ref, replyTo)));
    await(NODE.driver().entities().<RepositoryCommand.Resolution>repository(
        ref.repository().name(),
        replyTo -> new RepositoryCommand.SetReference(ref, to, operation, replyTo)));
    for (int i = 0; i < OTHERS; i++) {
      assertThat(NODE.driver().tag(to.toString(), "replay-move:other-" + i)).isEmpty();
    }

    await(new OperationSteps(NODE.driver().entities(), LayerBlobs.NONE)
        .run(operation, new OperationPlan.SetReference(ref, to)));

    assertThat(NODE.driver().image(from).references()).doesNotContain(ref);
    assertThat(NODE.driver().repository(ref.repository().name()).lookup(ref)).contains(to);
  }

  @Test
  void a_registration_retried_after_others_acquired_its_layer_keeps_the_blob_the_layer_owns() {
    Digest layer = diffId("replay-blob");
    List<String> discarded = new CopyOnWriteArrayList<>();
    LayerBlobs blobs = blob -> {
      discarded.add(blob);
      return CompletableFuture.completedFuture(null);
    };
    OperationSteps steps = new OperationSteps(NODE.driver().entities(), blobs);
    await(steps.run("register-owner", register("owner", layer)));
    for (int i = 0; i < OTHERS; i++) {
      await(steps.run("register-other-" + i, register("other-" + i, layer)));
    }
    long written = StepJournal.length(NODE.driver(), "Layer|" + layer);

    await(steps.run("register-owner", register("owner", layer)));

    assertThat(NODE.driver().layer(layer).blob()).contains("blob-owner");
    assertThat(discarded).doesNotContain("blob-owner").hasSize(OTHERS);
    assertThat(StepJournal.length(NODE.driver(), "Layer|" + layer)).isEqualTo(written);
  }

  /** A one-layer image registered with its layer's content staged as {@code blob-<seed>}. */
  private static RegisterImage register(String seed, Digest layer) {
    ImageId id = ImageId.fromConfig(NodeDriver.config("replay-blob-" + seed, List.of(layer)));
    ImageMetadata metadata = new ImageMetadata(id, Optional.empty(), Optional.of(layer),
        Instant.EPOCH, "linux", 1000, Map.of());
    return new RegisterImage(metadata,
        List.of(new PlannedLayer(layer, layer, 1000, Optional.of("blob-" + seed))), List.of(),
        Optional.empty());
  }
}
