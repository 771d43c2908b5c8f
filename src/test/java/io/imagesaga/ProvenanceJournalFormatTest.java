package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code Started} events through the journal's own serialization (Jackson CBOR, as bound in
 * {@code conf/serialization.conf}): provenance is kept, and an event journaled before provenance
 * existed still reads, as {@link Provenance#UNRECORDED}.
 */
class ProvenanceJournalFormatTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());
  private static final ObjectMapper CBOR = JacksonObjectMapperProvider.get(testKit.system())
      .getOrCreate("jackson-cbor", Optional.empty());
  private static final ImageId IMAGE = ImageId.fromConfig("fmt".getBytes(StandardCharsets.UTF_8));
  private static final Provenance ASKED =
      new Provenance("127.0.0.1:50123", "docker/27.0 (linux)", "req-7", "CN=alice,O=example");
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_started_delete_keeps_who_asked() throws Exception {
    var started = new DeletionEvent.Started(plan(), ASKED, AT);
    assertThat(roundTrip(started, false)).isEqualTo(started);
  }

  @Test
  void a_started_delete_journaled_before_provenance_reads_as_unrecorded() throws Exception {
    var old = (DeletionEvent.Started) roundTrip(new DeletionEvent.Started(plan(), ASKED, AT), true);
    assertThat(old.provenance()).isEqualTo(Provenance.UNRECORDED);
    assertThat(old.plan()).isEqualTo(plan());
    assertThat(old.at()).isEqualTo(AT);
  }

  @Test
  void a_started_operation_keeps_who_asked_and_reads_old_events_as_unrecorded() throws Exception {
    var plan = new OperationPlan.SetReference(NamedReference.fromJson("docker.io/library/a:1"),
        IMAGE);
    var started = new OperationEvent.Started(plan, ASKED, AT);
    assertThat(roundTrip(started, false)).isEqualTo(started);

    var old = (OperationEvent.Started) roundTrip(started, true);
    assertThat(old.provenance()).isEqualTo(Provenance.UNRECORDED);
    assertThat(old.plan()).isEqualTo(plan);
  }

  @Test
  void a_provenance_journaled_before_client_identities_reads_with_an_empty_client()
      throws Exception {
    var started = new DeletionEvent.Started(plan(), ASKED, AT);
    Serializer serializer = serialization.findSerializerFor(started);
    ObjectNode tree = (ObjectNode) CBOR.readTree(serializer.toBinary(started));
    assertThat(((ObjectNode) tree.get("provenance")).remove("client")).isNotNull();
    var old = (DeletionEvent.Started) serialization.deserialize(CBOR.writeValueAsBytes(tree),
        serializer.identifier(), Serializers.manifestFor(serializer, started)).get();
    assertThat(old.provenance()).isEqualTo(
        new Provenance("127.0.0.1:50123", "docker/27.0 (linux)", "req-7", ""));
  }

  private static DeletePlan plan() {
    return new DeletePlan(IMAGE, Optional.empty(), IMAGE.hex(), DeleteOptions.defaults(),
        Optional.empty());
  }

  /**
   * Serializes {@code event} as the journal does and reads it back; {@code asOlderVersion}
   * first strips the provenance field, which is how an older version wrote the event.
   */
  private static Object roundTrip(Object event, boolean asOlderVersion) throws Exception {
    Serializer serializer = serialization.findSerializerFor(event);
    assertThat(serializer).isInstanceOf(JacksonCborSerializer.class);
    String manifest = Serializers.manifestFor(serializer, event);
    byte[] bytes = serializer.toBinary(event);
    if (asOlderVersion) {
      ObjectNode tree = (ObjectNode) CBOR.readTree(bytes);
      assertThat(tree.remove("provenance")).as("written by this version").isNotNull();
      bytes = CBOR.writeValueAsBytes(tree);
    }
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }
}
