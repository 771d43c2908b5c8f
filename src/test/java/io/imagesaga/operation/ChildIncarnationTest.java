package io.imagesaga.operation;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delete saga and a load that cross on one child (docs/design.md, "Parents and children"):
 * the saga deletes the child, the load registers it again, and only then does the saga's
 * release reach the parent. The concurrency test found this interleaving (seed 8951364881180)
 * when the parent kept a plain set of children: the release unlisted the child just loaded,
 * leaving a present image its parent did not know, which could then be deleted under it.
 */
class ChildIncarnationTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_release_that_arrives_after_the_child_was_loaded_again_leaves_it_listed() {
    NodeDriver node = NODE.driver();
    ImageId parent = node.register("crossing-parent", Optional.empty(),
        List.of(diffId("crossing-1")));
    List<Digest> layers = List.of(diffId("crossing-1"),
        diffId("crossing-2"));
    ImageId child = node.register("crossing-child", Optional.of(parent), layers);

    var deleted = (DeleteOutcome.Done) await(node.entities().<DeleteOutcome>image(child,
        replyTo -> new ImageCommand.DeleteById(false, "crossing-saga", replyTo)));
    assertThat(node.register("crossing-child", Optional.of(parent), layers)).isEqualTo(child);
    await(node.entities().<DeleteOutcome>image(parent, replyTo -> new ImageCommand.ReleaseChild(
        child, deleted.step().generation(), true, "crossing-saga", replyTo)));

    assertThat(node.image(child).isPresent()).isTrue();
    assertThat(node.image(parent).isPresent()).as("pruning stops at the child").isTrue();
    assertThat(node.image(parent).children()).containsExactly(child);
  }

  @Test
  void a_registration_whose_image_was_deleted_after_it_looked_registers_the_next_incarnation() {
    NodeDriver node = NODE.driver();
    ImageId parent = node.register("moved-parent", Optional.empty(), List.of(diffId("moved-1")));
    ImageId child = node.register("moved-child", Optional.of(parent), List.of(diffId("moved-1")));
    await(node.entities().<DeleteOutcome>image(child,
        replyTo -> new ImageCommand.DeleteById(false, "moved-saga", replyTo)));
    await(node.entities().<DeleteOutcome>image(parent, replyTo -> new ImageCommand.ReleaseChild(
        child, 2, false, "moved-saga", replyTo)));

    assertThat(node.register("moved-child", Optional.of(parent), List.of(diffId("moved-1"))))
        .isEqualTo(child);

    assertThat(node.image(child).generation()).isEqualTo(3);
    assertThat(node.image(parent).children()).containsExactly(child);
  }

  @Test
  void a_registration_that_finds_the_image_under_another_parent_takes_it_off_its_own() {
    // An earlier attempt of the same load (before a crash, or before a MOVED) added the image
    // to the plan's parent; another load then registered it under its own parent.
    NodeDriver node = NODE.driver();
    ImageId planned = node.register("other-planned", Optional.empty(), List.of(diffId("o-1")));
    ImageId actual = node.register("other-actual", Optional.empty(), List.of(diffId("o-1")));
    List<Digest> layers = List.of(diffId("o-1"), diffId("o-3"));
    ImageId child = NodeDriver.imageIdOf("other-child", layers);
    await(node.entities().<io.imagesaga.Confirmation>image(planned,
        replyTo -> new ImageCommand.AddChild(child, 1, replyTo)));
    node.register("other-child", Optional.of(actual), layers);

    node.register("other-child", Optional.of(planned), layers);

    assertThat(node.image(actual).children()).containsExactly(child);
    assertThat(node.image(planned).children()).as("the earlier attempt's add").isEmpty();
  }
}
