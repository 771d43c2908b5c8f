package io.imagesaga.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.Rejection;
import io.imagesaga.container.ContainerCommand.Transition;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command of {@link ContainerEntity} in every status. */
class ContainerEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final String ID = "c0".repeat(32);
  private static final ContainerSpec SPEC = new ContainerSpec(ID, "web", "app:1",
      ImageId.fromConfig("x".getBytes(StandardCharsets.UTF_8)), List.of("sh"), Map.of(),
      Instant.parse("2026-01-01T00:00:00Z"));

  private final EventSourcedBehaviorTestKit<ContainerCommand, ContainerEvent, ContainerState> kit
      = EventSourcedBehaviorTestKit.create(testKit.system(),
          ContainerEntity.create(ID, state -> {}, Clock.systemUTC(), 100));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @Test
  void an_absent_container_is_not_found() {
    for (Transition t : List.of(start(), stop(), remove(true))) {
      assertThat(t).isEqualTo(new ContainerCommand.Rejected(
          new Rejection.NotFound("No such container: " + ID)));
    }
  }

  @Test
  void lifecycle_with_dockers_answers() {
    assertThat(create()).isEqualTo(Confirmation.confirmed());
    assertThat(create()).as("the same create, repeated by a resumed operation")
        .isEqualTo(Confirmation.confirmed());
    assertThat(stop()).isInstanceOf(ContainerCommand.Unchanged.class);
    assertThat(start()).isInstanceOf(ContainerCommand.Changed.class);
    assertThat(start()).isInstanceOf(ContainerCommand.Unchanged.class);
    assertThat(remove(false)).isEqualTo(new ContainerCommand.Rejected(Rejection.Conflict.hard(
        "cannot remove container \"web\": container is running: stop the container before"
            + " removing or force remove")));
    kit.restart();
    assertThat(kit.getState().isRunning()).isTrue();
    assertThat(remove(true)).isInstanceOf(ContainerCommand.Changed.class);
    assertThat(kit.getState().status()).isEqualTo(ContainerState.Status.REMOVED);
    assertThat(start()).isInstanceOf(ContainerCommand.Rejected.class);
  }

  private Confirmation create() {
    return kit.<Confirmation>runCommand(r -> new ContainerCommand.Create(SPEC, r)).reply();
  }

  private Transition start() {
    return kit.<Transition>runCommand(ContainerCommand.Start::new).reply();
  }

  private Transition stop() {
    return kit.<Transition>runCommand(ContainerCommand.Stop::new).reply();
  }

  private Transition remove(boolean force) {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Remove(force, r)).reply();
  }
}
