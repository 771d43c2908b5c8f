package io.imagesaga.checkpoint;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.image.ImageStateCodec;
import io.imagesaga.layer.LayerStateCodec;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A checkpoint is only ever a shortcut: one that is damaged, or that does not belong to the
 * journal beside it, is dropped and the journal read whole, so the catalog is what the journal
 * says, never what a stale checkpoint says.
 */
class CheckpointRecoveryTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_damaged_checkpoint_is_read_around_and_replaced() throws Exception {
    NODE.driver().register("damaged", Optional.empty(), List.of(diffId("damaged")), "damaged:1");
    Path image = NODE.dataDir().resolve("checkpoints").resolve("image.checkpoint");
    byte[][] damaged = new byte[1][];
    NODE.restart(() -> {
      try {
        damaged[0] = Files.readAllBytes(image);
        damaged[0][damaged[0].length / 2] ^= 0x5a;
        Files.write(image, damaged[0]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    assertThat(names()).contains("docker.io/library/damaged:1");
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () ->
        assertThat(Files.readAllBytes(image)).as("saved again by the start")
            .isNotEqualTo(damaged[0]));
  }

  @Test
  void a_checkpoint_of_another_journal_is_dropped() throws Exception {
    NODE.driver().register("replaced", Optional.empty(), List.of(diffId("replaced")),
        "replaced:1");
    NODE.restart(() -> delete(NODE.dataDir().resolve("journal")));

    assertThat(names()).as("the journal is empty now, whatever the checkpoint says").isEmpty();
  }

  @Test
  void a_checkpoint_beyond_an_older_journal_is_replaced_by_the_start_that_read_around_it()
      throws Exception {
    NODE.driver().register("older", Optional.empty(), List.of(diffId("older")), "older:1");
    Path journal = NODE.dataDir().resolve("journal");
    Path older = NODE.dataDir().resolve("journal-older");
    NODE.restart(() -> copy(journal, older));
    NODE.driver().register("newer", Optional.empty(), List.of(diffId("newer")), "newer:1");
    NODE.driver().register("newest", Optional.empty(), List.of(diffId("newest")), "newest:1");
    Path image = NODE.dataDir().resolve("checkpoints").resolve("image.checkpoint");
    byte[][] stale = new byte[1][];
    NODE.restart(() -> {
      delete(journal);
      copy(older, journal);
      try {
        stale[0] = Files.readAllBytes(image);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    assertThat(names()).contains("docker.io/library/older:1")
        .doesNotContain("docker.io/library/newest:1");
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () ->
        assertThat(Files.readAllBytes(image)).as("replaced by the start that read around it")
            .isNotEqualTo(stale[0]));
  }

  @Test
  void a_checkpoint_whose_count_is_damaged_is_read_around_without_sizing_by_it()
      throws Exception {
    NODE.driver().register("counted", Optional.empty(), List.of(diffId("counted")), "counted:1");
    Path image = NODE.dataDir().resolve("checkpoints").resolve("image.checkpoint");
    byte[][] damaged = new byte[1][];
    NODE.restart(() -> {
      try {
        damaged[0] = Files.readAllBytes(image);
        ByteBuffer.wrap(damaged[0]).putInt(countAt(damaged[0]), 500_000_000);
        Files.write(image, damaged[0]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    assertThat(names()).contains("docker.io/library/counted:1");
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () ->
        assertThat(Files.readAllBytes(image)).as("saved again by the start")
            .isNotEqualTo(damaged[0]));
  }

  @Test
  void a_checkpoint_of_the_earlier_format_is_read_and_saved_again_in_the_current_one()
      throws Exception {
    NODE.driver().register("older-format", Optional.empty(), List.of(diffId("older-format")),
        "older-format:1");
    Path dir = NODE.dataDir().resolve("checkpoints");
    ActorTestKit kit = ActorTestKit.create(TestConfigs.entityTestKit());
    try {
      Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
      NODE.restart(() -> {
        try {
          CheckpointFile file = new CheckpointFile(dir, serialization,
              List.of(ImageStateCodec.INSTANCE, LayerStateCodec.INSTANCE));
          Checkpoint<Object> current = file.read("image").<Checkpoint<Object>>map(
              saved -> saved.checkpoint()).orElseThrow();
          Files.write(dir.resolve("image.checkpoint"),
              CheckpointFileTest.serializedOnly(serialization, current));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } finally {
      kit.shutdownTestKit();
    }

    assertThat(names()).contains("docker.io/library/older-format:1");
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () ->
        assertThat(new DataInputStream(Files.newInputStream(dir.resolve("image.checkpoint")))
            .readInt()).as("saved again as ISC2").isEqualTo(0x49534332));
  }

  /** Where the count of states is in a checkpoint file: after its header. */
  private static int countAt(byte[] file) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
    in.readInt();
    in.readUTF();
    in.readLong();
    if (in.readBoolean()) {
      in.readUTF();
      in.readLong();
    }
    return file.length - in.available();
  }

  private static List<String> names() {
    return NodeDriver.await(NODE.driver().node().images().list()).stream()
        .map(CatalogImage::references).flatMap(refs -> refs.stream().map(Object::toString))
        .toList();
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
