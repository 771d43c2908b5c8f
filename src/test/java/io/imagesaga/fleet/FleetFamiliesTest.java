package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.Samples;
import io.imagesaga.testkit.TestConfigs;
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
 * Every permitted type of the fleet's journaled and remoted sealed families, and the values
 * they carry, through the fleet's serialization (Jackson CBOR) and back: a type added later
 * fails here until it round-trips (see audit.SealedFamiliesTest for the host's families).
 */
class FleetFamiliesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());
  private static final ObjectMapper CBOR = JacksonObjectMapperProvider.get(testKit.system())
      .getOrCreate("jackson-cbor", Optional.empty());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Events journaled on PostgreSQL, replies and values sent between agents. */
  static Stream<Class<?>> messageTypes() {
    return Stream.of(FleetDeleteEvent.class, ProtectedList.Event.class, HostRegistry.Event.class,
            FleetDeleteCommand.Reply.class, ProtectedList.Reply.class, HostAgent.HostAnswer.class,
            HostAgent.HostImages.class,
            FleetDeleteCommand.Request.class, FleetDeleteState.class, FleetDeletePlan.class,
            HostResult.class, ProtectedList.State.class)
        .flatMap(family -> Samples.leaves(family).stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messageTypes")
  void every_fleet_type_survives_the_journal_and_the_wire(Class<?> type) {
    Object value = Samples.of(type);
    Serializer serializer = serialization.findSerializerFor(value);
    byte[] bytes = serializer.toBinary(value);
    Object back = serialization.deserialize(bytes, serializer.identifier(),
        Serializers.manifestFor(serializer, value)).get();
    assertThat(back).isEqualTo(value);
  }

  static Stream<Class<?>> nestedTypes() {
    return Samples.leaves(FleetDeleteTarget.class).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestedTypes")
  void every_target_is_read_back_through_its_family(Class<?> type) throws Exception {
    assertThat(FleetDeleteTarget.class.getAnnotation(JsonTypeInfo.class)).isNotNull();
    Object value = Samples.of(type);
    assertThat(CBOR.readValue(CBOR.writeValueAsBytes(value), FleetDeleteTarget.class))
        .isEqualTo(value);
  }
}
