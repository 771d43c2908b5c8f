package io.imagesaga.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Rejection;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.deletion.DeletionState;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.Samples;
import io.imagesaga.testkit.TestConfigs;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java 17 has no exhaustive switch over a sealed type, so a branch forgotten for a new event or
 * plan type would show only when a journal holding it is replayed. This test walks the permitted
 * subclasses of every journaled sealed family and puts a sample of each through everything that
 * dispatches on the type: the journal's serialization, the export format, the replayed state,
 * the audit summaries. A new type fails here until every place handles it.
 */
class SealedFamiliesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());
  private static final ObjectMapper CBOR = JacksonObjectMapperProvider.get(testKit.system())
      .getOrCreate("jackson-cbor", Optional.empty());
  private static final Instant WRITTEN = Instant.parse("2026-01-02T03:04:05Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<Class<?>> eventTypes() {
    return EventTypes.families().stream().flatMap(family -> Samples.leaves(family).stream());
  }

  /** Polymorphic values journaled inside events, each read back through its family's type. */
  static Stream<Class<?>> nestedTypes() {
    return Stream.of(OperationPlan.class, DeleteOutcome.class, Rejection.class,
        DeleteRecord.class).flatMap(family -> Samples.leaves(family).stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void every_event_type_survives_the_journal_format(Class<?> type) throws Exception {
    Object event = Samples.of(type);
    Serializer serializer = serialization.findSerializerFor(event);
    byte[] bytes = serializer.toBinary(event);
    Object back = serialization.deserialize(bytes, serializer.identifier(),
        Serializers.manifestFor(serializer, event)).get();
    assertThat(back).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void every_event_type_survives_an_export(Class<?> type) {
    JournalRecord record = record(Samples.of(type));
    assertThat(JournalExport.parse(JournalExport.text(record))).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void every_event_type_is_replayed_and_summarised(Class<?> type) {
    Object event = Samples.of(type);
    new JournalState().apply(record(event));
    if (event instanceof DeletionEvent e) {
      DeletionState.initial().apply(e);
    }
    assertThat(EventSummary.of(event)).as("summary of %s", type)
        .isNotBlank()
        .isNotEqualTo(EventTypes.name(type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestedTypes")
  void every_nested_type_is_read_back_through_its_family(Class<?> type) throws Exception {
    Class<?> family = type.getInterfaces()[0];
    assertThat(family.getAnnotation(JsonTypeInfo.class))
        .as("%s names its subtypes in the journal", family).isNotNull();
    Object value = Samples.of(type);
    assertThat(CBOR.readValue(CBOR.writeValueAsBytes(value), family)).isEqualTo(value);
  }

  static Stream<Class<?>> planTypes() {
    return Samples.leaves(OperationPlan.class).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planTypes")
  void every_operation_plan_is_summarised(Class<?> type) {
    Object started = new OperationEvent.Started((OperationPlan) Samples.of(type), null, WRITTEN);
    assertThat(EventSummary.of(started)).isNotBlank().doesNotContain(type.getSimpleName());
  }

  /** {@code event} as the first record of a sample entity of its type. */
  private static JournalRecord record(Object event) {
    String family = event.getClass().getEnclosingClass().getSimpleName();
    String entityType = family.substring(0, family.length() - "Event".length());
    String id = Samples.of(entityType.equals("Image") ? ImageId.class : String.class).toString();
    return new JournalRecord(7, entityType + "|" + id, 1, WRITTEN, event);
  }
}
