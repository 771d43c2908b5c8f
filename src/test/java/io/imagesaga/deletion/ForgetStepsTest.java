package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
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
    Digest topChain = io.imagesaga.service.ChainIds.of(List.of(base, top)).get(1);

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

  private static void eventually(Runnable check) {
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(10), () -> {
      check.run();
      return null;
    });
  }
}
