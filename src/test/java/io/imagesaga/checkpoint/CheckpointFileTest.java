package io.imagesaga.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.testkit.TestConfigs;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.image.ImageStateCodec;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerState;
import io.imagesaga.layer.LayerStateCodec;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcollections.HashTreePSet;

/**
 * The checkpoint file's formats: states with a codec of their own and states serialized by
 * Pekko read back equal, side by side; a file of the earlier, serialized-only format still
 * reads (and says it is not the current one, so the start saves it again); a file naming a
 * codec this node does not have is unreadable, which makes the start read the tag instead.
 */
class CheckpointFileTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());
  private static final List<StateCodec<?>> CODECS =
      List.of(ImageStateCodec.INSTANCE, LayerStateCodec.INSTANCE);

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void coded_and_serialized_states_read_back_equal() throws Exception {
    Map<String, Object> states = new LinkedHashMap<>();
    states.put("Image|a", image(List.of()));
    states.put("Image|absent", ImageState.absent());
    states.put("Image|stepping", image(List.of(new ImageState.TakenStep("saga-1",
        new DeleteOutcome.NotTaken("saga-1"), true))));
    states.put("Layer|a", layer());
    states.put("Layer|absent", LayerState.absent());
    Checkpoint<Object> written = new Checkpoint<>("mixed", 42,
        Optional.of(new Checkpoint.EventId("Image|a", 7)), states);
    CheckpointFile file = new CheckpointFile(dir, serialization, CODECS);

    file.write(written);
    CheckpointFile.Saved<Object> read = file.read("mixed").orElseThrow();

    assertThat(read.currentFormat()).isTrue();
    assertThat(read.checkpoint()).isEqualTo(written);
    assertThat(ImageStateCodec.INSTANCE.fits((ImageState) states.get("Image|stepping")))
        .as("saga steps go to the serializer").isFalse();
  }

  @Test
  void a_file_of_the_serialized_only_format_still_reads() throws Exception {
    Map<String, Object> states = Map.of("Image|a", image(List.of()), "Layer|a", layer());
    Files.write(dir.resolve("old.checkpoint"), serializedOnly(serialization,
        new Checkpoint<>("old", 9, Optional.empty(), states)));

    CheckpointFile.Saved<Object> read =
        new CheckpointFile(dir, serialization, CODECS).<Object>read("old").orElseThrow();

    assertThat(read.currentFormat()).as("saved again by the start that read it").isFalse();
    assertThat(read.checkpoint().states()).isEqualTo(states);
    assertThat(read.checkpoint().offset()).isEqualTo(9);
  }

  @Test
  void a_file_naming_a_codec_this_node_lacks_is_unreadable() throws Exception {
    new CheckpointFile(dir, serialization, CODECS).write(new Checkpoint<>("coded", 1,
        Optional.empty(), Map.of("Layer|a", layer())));

    assertThatThrownBy(() -> new CheckpointFile(dir, serialization,
        List.of(ImageStateCodec.INSTANCE)).read("coded")).isInstanceOf(IOException.class)
        .hasMessageContaining("unknown state codec 2");
  }

  private static ImageState image(List<ImageState.TakenStep> steps) {
    ImageId id = id("image");
    ImageId parent = id("parent");
    ImageMetadata metadata = new ImageMetadata(id, Optional.of(parent),
        Optional.of(Digest.sha256("top".getBytes(StandardCharsets.UTF_8))),
        Instant.ofEpochSecond(1_700_000_000, 123), "linux", 4096,
        Map.of("a", "1", "é\n", "\"quoted\""));
    return new ImageState(ImageState.Lifecycle.PRESENT, metadata,
        new TreeSet<>(List.of(
            NamedReference.fromJson("docker.io/library/busybox:1"),
            NamedReference.fromJson("registry.example.com:5000/team/app:v2"),
            NamedReference.fromJson("docker.io/library/busybox@"
                + Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8))))),
        Set.of(id("child")), List.of(new ContainerUse("c1", true), new ContainerUse("c2", false)),
        "operation-1", List.of(new ImageState.Lease("import-1", Instant.ofEpochSecond(5, 6))),
        steps, 3, Map.of(id("child"), 2L, id("gone"), 1L));
  }

  private static LayerState layer() {
    Holder image = new Holder("sha256:" + "a".repeat(64), "operation-1");
    Holder legacy = new Holder("legacy", null);
    return new LayerState(2, HashTreePSet.from(List.of(image, legacy)), image,
        Optional.of(Digest.sha256("parent".getBytes(StandardCharsets.UTF_8))),
        Digest.sha256("diff".getBytes(StandardCharsets.UTF_8)), 1234, Optional.of("blob-1"),
        List.of(new LayerState.Step("saga/step", LayerState.Effect.REMOVED, 1,
            Optional.of("blob-0"), true), new LayerState.Step(null, LayerState.Effect.KEPT, 2,
            Optional.empty(), false)));
  }

  private static ImageId id(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code checkpoint} as written before codecs: "ISC1", every state serialized. */
  static byte[] serializedOnly(Serialization serialization, Checkpoint<?> checkpoint)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x49534331);
    out.writeUTF(checkpoint.tag());
    out.writeLong(checkpoint.offset());
    out.writeBoolean(checkpoint.last().isPresent());
    if (checkpoint.last().isPresent()) {
      out.writeUTF(checkpoint.last().get().persistenceId());
      out.writeLong(checkpoint.last().get().sequenceNr());
    }
    out.writeInt(checkpoint.states().size());
    for (Map.Entry<String, ?> entry : checkpoint.states().entrySet()) {
      Serializer serializer = serialization.findSerializerFor(entry.getValue());
      byte[] state = serializer.toBinary(entry.getValue());
      out.writeUTF(entry.getKey());
      out.writeInt(serializer.identifier());
      out.writeUTF(Serializers.manifestFor(serializer, entry.getValue()));
      out.writeInt(state.length);
      out.write(state);
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return bytes.toByteArray();
  }
}
