package io.imagesaga.content;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageMetadata;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ChainIds;
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
 * The start removes the layer blobs no layer owns only once the work a stop interrupted has
 * finished: a registration carried on after the start may still be about to take its staged
 * blob. If that work cannot finish within the start's wait, the sweep is skipped.
 */
class OrphanSweepTest {
  @RegisterExtension static final NodeExtension WAITING = NodeExtension.embedded();

  @RegisterExtension static final NodeExtension IMPATIENT = NodeExtension.embedded(Map.of(
      "imagesaga.start.settle-timeout", "0s"));

  @Test
  void an_interrupted_registration_keeps_its_staged_blob_and_strays_go() throws Exception {
    Interrupted registration = interruptRegistration(WAITING, "sweep-waits");
    Path stray = stage(WAITING, "e".repeat(64) + "-" + "f".repeat(32));

    WAITING.restart();

    assertThat(stray).doesNotExist();
    assertThat(registration.blob()).exists();
    assertThat(WAITING.driver().layer(registration.chainId()).blob())
        .contains(registration.blob().getFileName().toString());
  }

  @Test
  void no_blob_is_swept_while_an_interrupted_registration_is_unfinished() throws Exception {
    Interrupted registration = interruptRegistration(IMPATIENT, "sweep-skipped");
    Path stray = stage(IMPATIENT, "1".repeat(64) + "-" + "2".repeat(32));

    IMPATIENT.restart();

    assertThat(registration.blob()).exists();
    assertThat(stray).as("the sweep was skipped for this start").exists();
  }

  private record Interrupted(Digest chainId, Path blob) {}

  /** A registration whose start is journaled and whose blob is staged, and nothing else. */
  private static Interrupted interruptRegistration(NodeExtension node, String seed)
      throws Exception {
    Digest diffId = diffId(seed);
    Digest chainId = ChainIds.of(List.of(diffId)).get(0);
    Path blob = stage(node, diffId.encoded() + "-" + "a".repeat(32));
    ImageMetadata metadata = new ImageMetadata(
        ImageId.fromConfig(NodeDriver.config(seed, List.of(diffId))), Optional.empty(),
        Optional.of(chainId), Instant.parse("2026-01-01T00:00:00Z"), "linux", 1000, Map.of());
    OperationPlan plan = new OperationPlan.RegisterImage(metadata, List.of(
        new OperationPlan.PlannedLayer(chainId, diffId, 1000,
            Optional.of(blob.getFileName().toString()))), List.of(), Optional.empty());
    JournalWriter.append(node.driver().node().system(),
        PersistenceId.of(OperationEntity.ENTITY_TYPE_KEY.name(), seed + "-operation"),
        OperationEntity.TAG,
        List.of(new OperationEvent.Started(plan, NodeDriver.PROVENANCE, Instant.now())));
    return new Interrupted(chainId, blob);
  }

  private static Path stage(NodeExtension node, String name) throws Exception {
    Path layers = node.dataDir().resolve("blobs").resolve("layers");
    Files.createDirectories(layers);
    return Files.writeString(layers.resolve(name), "staged");
  }
}
