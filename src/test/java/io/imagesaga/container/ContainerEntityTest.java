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
import java.util.Optional;
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

  @Test
  void a_start_or_stop_applies_at_the_generation_it_was_decided_on_and_once() {
    create();
    assertThat(start("start-1", 0)).isInstanceOf(ContainerCommand.Changed.class);
    var repeated = kit.<Transition>runCommand(r -> new ContainerCommand.Start("start-1",
        Optional.of(0L), r));
    assertThat(repeated.reply()).as("repeated, as the first time")
        .isInstanceOf(ContainerCommand.Changed.class);
    assertThat(repeated.events()).isEmpty();
    assertThat(stop("stop-a", 1)).isInstanceOf(ContainerCommand.Changed.class);
    assertThat(stop("stop-b", 1)).as("decided at the same generation, went second")
        .isInstanceOf(ContainerCommand.Superseded.class);
    assertThat(start("start-2", 2)).isInstanceOf(ContainerCommand.Changed.class);
    assertThat(stop("stop-a", 1)).as("resumed after a later start")
        .isEqualTo(new ContainerCommand.Superseded(kit.getState()));
    kit.restart();
    assertThat(kit.getState().isRunning()).isTrue();
    assertThat(kit.getState().generation()).isEqualTo(3);
    assertThat(kit.getState().lastTransition()).isEqualTo("start-2");
    assertThat(stop("stop-a", 1)).isInstanceOf(ContainerCommand.Superseded.class);
  }

  private Transition start(String operation, long basedOn) {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Start(operation,
        Optional.of(basedOn), r)).reply();
  }

  private Transition stop(String operation, long basedOn) {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Stop(operation,
        Optional.of(basedOn), r)).reply();
  }

  private Confirmation create() {
    return kit.<Confirmation>runCommand(r -> new ContainerCommand.Create(SPEC, r)).reply();
  }

  /** A start without a generation, as an operation journaled before they had one. */
  private Transition start() {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Start("start",
        Optional.empty(), r)).reply();
  }

  private Transition stop() {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Stop("stop",
        Optional.empty(), r)).reply();
  }

  private Transition remove(boolean force) {
    return kit.<Transition>runCommand(r -> new ContainerCommand.Remove(force, r)).reply();
  }
}
