package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.container.ContainerCommand;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A start or stop whose client gave up never undoes a later acknowledged one. */
class ContainerTransitionOrderTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_stop_resumed_after_a_later_acknowledged_start_leaves_the_container_running()
      throws Exception {
    ImageId image = NODE.driver().register("order-1", Optional.empty(),
        List.of(diffId("order-1")), "order:1");
    String id = "0a".repeat(32);
    NODE.driver().createContainer(id, "order:1");
    assertThat(NODE.driver().start(id)).isEqualTo("Changed");
    String staleStop = "stale-stop";
    Optional<Long> decidedAt = Optional.of(NODE.driver().container(id).generation());
    // The stop's operation: journaled, its container step taken, then its client gave up
    // (and the node stopped) before the image heard of it.
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(OperationEntity.ENTITY_TYPE_KEY.name(), staleStop), OperationEntity.TAG,
        List.of(new OperationEvent.Started(new OperationPlan.RunContainer(id, image, false,
            decidedAt), NodeDriver.PROVENANCE, Instant.now())));
    assertThat(NodeDriver.await(NODE.driver().entities().<ContainerCommand.Transition>container(
        id, replyTo -> new ContainerCommand.Stop(staleStop, decidedAt, replyTo))))
        .isInstanceOf(ContainerCommand.Changed.class);
    assertThat(NODE.driver().start(id)).as("a later start, acknowledged").isEqualTo("Changed");

    NODE.restart();

    assertThat(NODE.driver().container(id).isRunning()).isTrue();
    assertThat(NODE.driver().image(image).containers())
        .containsExactly(new ContainerUse(id, true));
  }

  @Test
  void a_start_resumed_after_later_acknowledged_ones_touches_neither_container_nor_image()
      throws Exception {
    ImageId image = NODE.driver().register("order-2", Optional.empty(),
        List.of(diffId("order-2")), "order:2");
    String id = "0b".repeat(32);
    NODE.driver().createContainer(id, "order:2");
    // A start journaled, then its client gave up before its first step.
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(OperationEntity.ENTITY_TYPE_KEY.name(), "stale-start"),
        OperationEntity.TAG, List.of(new OperationEvent.Started(new OperationPlan.RunContainer(
            id, image, true, Optional.of(NODE.driver().container(id).generation())),
            NodeDriver.PROVENANCE, Instant.now())));
    assertThat(NODE.driver().start(id)).isEqualTo("Changed");
    assertThat(NODE.driver().stop(id)).isEqualTo("Changed");

    NODE.restart();

    assertThat(NODE.driver().container(id).isRunning()).isFalse();
    assertThat(NODE.driver().image(image).containers())
        .containsExactly(new ContainerUse(id, false));
  }
}
