package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.StepJournal;
import io.imagesaga.testkit.StepJournal.Written;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entities remember a saga's steps only while it can ask again: once a delete or an operation
 * has journaled its end, the images, layers and repositories it took steps on forget them, so
 * what they remember is bounded by what is in flight.
 */
class ForgetStepsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_load_and_a_delete_once_ended_leave_no_step_remembered() {
    Digest base = diffId("forget-base");
    Digest top = diffId("forget-top");
    ImageId parent = NODE.driver().register("forget-parent", Optional.empty(), List.of(base));
    ImageId image = NODE.driver().register("forget-image", Optional.of(parent),
        List.of(base, top), "forget:1");
    Digest topChain = ChainIds.of(List.of(base, top)).get(1);

    assertThat(NODE.driver().rmi("forget:1", DeleteOptions.defaults()))
        .startsWith("Untagged: forget:1\nDeleted: " + image);

    eventually(() -> {
      assertThat(NODE.driver().image(image).sagaSteps()).isEmpty();
      assertThat(NODE.driver().image(parent).sagaSteps()).isEmpty();
      assertThat(NODE.driver().layer(base).steps()).isEmpty();
      assertThat(NODE.driver().layer(topChain).steps()).isEmpty();
      assertThat(NODE.driver().repository("docker.io/library/forget").moves()).isEmpty();
    });
  }

  @Test
  void a_tag_once_ended_leaves_no_move_remembered() {
    ImageId image = NODE.driver().register("forget-tag", Optional.empty(),
        List.of(diffId("forget-tag")));
    assertThat(NODE.driver().tag(image.toString(), "forget-tag:1")).isEmpty();
    assertThat(NODE.driver().tag(image.toString(), "forget-tag:2")).isEmpty();

    eventually(() -> assertThat(NODE.driver().repository("docker.io/library/forget-tag")
        .moves()).isEmpty());
  }

  @Test
  void every_forget_is_journaled_after_the_end_of_its_saga() {
    ImageId image = NODE.driver().register("forget-order", Optional.empty(),
        List.of(diffId("forget-order")), "forget-order:1");
    NODE.driver().rmi("forget-order:1", DeleteOptions.defaults());
    eventually(() -> assertThat(NODE.driver().image(image).sagaSteps()).isEmpty());

    List<Written> log = StepJournal.auditLog(NODE.driver());

    List<String> ended = new ArrayList<>();
    int forgets = 0;
    for (Written record : log) {
      if (record.event() instanceof DeletionEvent && !(record.event()
          instanceof DeletionEvent.Started) || record.event() instanceof OperationEvent
          && !(record.event() instanceof OperationEvent.Started)) {
        ended.add(record.persistenceId().substring(record.persistenceId().indexOf('|') + 1));
      }
      Optional<String> forgotten = forgottenSaga(record.event());
      if (forgotten.isPresent()) {
        forgets++;
        assertThat(ended).as("saga ended before " + record).contains(forgotten.get());
      }
    }
    assertThat(forgets).as("image, layer and repository forgets").isGreaterThanOrEqualTo(3);
  }

  private static Optional<String> forgottenSaga(Object event) {
    if (event instanceof ImageEvent.StepsForgotten e) {
      return Optional.of(e.sagaId());
    } else if (event instanceof LayerEvent.StepsForgotten e) {
      return Optional.of(e.sagaId());
    } else if (event instanceof RepositoryEvent.StepsForgotten e) {
      return Optional.of(e.operationId());
    }
    return Optional.empty();
  }

  private static void eventually(Runnable check) {
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () -> {
      check.run();
      return null;
    });
  }
}
