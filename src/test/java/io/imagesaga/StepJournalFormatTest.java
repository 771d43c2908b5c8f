package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.repository.RepositoryState;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The step events through the journal's own serialization (Jackson CBOR): the new fields are
 * kept, and events and snapshots written before them still read, as legacy steps (remembered
 * among the last 128) and holders without an incarnation. A layer snapshot that counted its
 * holders does not read at all, so the layer recovers from its events instead.
 */
class StepJournalFormatTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());
  private static final ObjectMapper CBOR = JacksonObjectMapperProvider.get(testKit.system())
      .getOrCreate("jackson-cbor", Optional.empty());
  private static final ImageId IMAGE = ImageId.fromConfig("fmt".getBytes(StandardCharsets.UTF_8));
  private static final Digest LAYER = Digest.sha256("fmt".getBytes(StandardCharsets.UTF_8));
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_layer_event_keeps_its_holder_and_an_old_one_names_it_by_the_id_in_its_step()
      throws Exception {
    var created = new LayerEvent.Created(Optional.empty(), LAYER, 42, Optional.of("blob"),
        "op-1/" + IMAGE, AT, Holder.image(IMAGE, "op-1"));
    assertThat(roundTrip(created, tree -> {})).isEqualTo(created);

    var old = (LayerEvent.Created) roundTrip(created, tree -> tree.remove("holder"));
    assertThat(old.holder()).isNull();
    LayerState state = LayerState.absent().apply(old);
    assertThat(state.holders()).containsExactly(new Holder(IMAGE.toString(), null));
    assertThat(state.held(Holder.image(IMAGE, "op-1"))).isPresent();
    assertThat(state.steps()).singleElement()
        .satisfies(step -> assertThat(step.untilForgotten()).isFalse());
  }

  @Test
  void an_image_step_and_a_move_journaled_before_forgets_read_as_legacy_steps()
      throws Exception {
    var step = new ImageDeleteStep(List.of("a:1"), List.of(ref()), true, Optional.empty(),
        Optional.of(LAYER), "op-1");
    var taken = new ImageEvent.StepTaken("saga-1", new DeleteOutcome.Done(step), AT, true);
    assertThat(roundTrip(taken, tree -> {})).isEqualTo(taken);

    var old = (ImageEvent.StepTaken) roundTrip(taken, tree -> {
      tree.remove("untilForgotten");
      ((ObjectNode) tree.get("outcome").get("step")).remove("registeredBy");
    });
    assertThat(old.untilForgotten()).isFalse();
    assertThat(((DeleteOutcome.Done) old.outcome()).step().registeredBy()).isNull();
    assertThat(ImageState.absent().apply(old).sagaSteps()).singleElement()
        .satisfies(remembered -> assertThat(remembered.untilForgotten()).isFalse());

    var set = new RepositoryEvent.ReferenceSet(ref(), IMAGE, Optional.empty(), "op-2", AT, true);
    assertThat(roundTrip(set, tree -> {})).isEqualTo(set);
    var oldSet = (RepositoryEvent.ReferenceSet) roundTrip(set,
        tree -> tree.remove("untilForgotten"));
    assertThat(RepositoryState.empty().apply(oldSet).moves()).singleElement()
        .satisfies(move -> assertThat(move.untilForgotten()).isFalse());
  }

  @Test
  void a_layer_snapshot_that_counted_its_holders_does_not_read() throws Exception {
    LayerState state = LayerState.absent().apply(new LayerEvent.Created(Optional.empty(), LAYER,
        42, Optional.empty(), "op-1/" + IMAGE, AT, Holder.image(IMAGE, "op-1")));
    assertThat(roundTrip(state, tree -> {})).isEqualTo(state);

    assertThatThrownBy(() -> roundTrip(state, tree -> tree.put("holders", 1)))
        .as("an earlier build's snapshot: the layer recovers from its events instead")
        .isInstanceOf(Exception.class);
  }

  private static NamedReference ref() {
    return NamedReference.fromJson("docker.io/library/a:1");
  }

  /**
   * Serializes {@code value} as the journal does and reads it back, {@code asWritten} changing
   * the serialized form first (how an older version wrote it).
   */
  private static Object roundTrip(Object value, Consumer<ObjectNode> asWritten)
      throws Exception {
    Serializer serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    ObjectNode tree = (ObjectNode) CBOR.readTree(serializer.toBinary(value));
    asWritten.accept(tree);
    return serialization.deserialize(CBOR.writeValueAsBytes(tree), serializer.identifier(),
        manifest).get();
  }
}
