package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.StepJournal;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delete saga retried after more than 128 other sagas took steps on the same entity, as a
 * saga whose step timed out retries while others go on: its steps are answered with their first
 * outcomes and nothing is applied twice, however many steps came between.
 */
class DeleteReplayTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final int OTHERS = 130;

  @Test
  void a_delete_retried_after_others_released_its_layer_releases_it_once() {
    Digest layer = diffId("replay-shared");
    List<ImageId> images = IntStream.rangeClosed(0, OTHERS + 1).mapToObj(i -> NODE.driver()
        .register("replay-shared-" + i, Optional.empty(), List.of(layer))).toList();
    DeleteSteps steps = new DeleteSteps(NODE.driver().entities(), LayerBlobs.NONE);
    List<DeleteRecord> first = await(steps.run("replay-first", byId(images.get(0))));
    for (int i = 1; i <= OTHERS; i++) {
      await(steps.run("replay-other-" + i, byId(images.get(i))));
    }
    long written = StepJournal.length(NODE.driver(), "Layer|" + layer);

    List<DeleteRecord> again = await(steps.run("replay-first", byId(images.get(0))));

    assertThat(again).isEqualTo(first).containsExactly(new DeleteRecord.DeletedImage(
        images.get(0)));
    assertThat(StepJournal.length(NODE.driver(), "Layer|" + layer)).isEqualTo(written);
    assertThat(NODE.driver().layer(layer).isPresent())
        .as("still held by the last image").isTrue();
  }

  @Test
  void an_untag_retried_after_others_untagged_the_same_image_is_answered_as_the_first_time()
      throws Exception {
    String[] tags = IntStream.rangeClosed(0, OTHERS).mapToObj(i -> "replay-tags:" + i)
        .toArray(String[]::new);
    ImageId image = NODE.driver().register("replay-tags", Optional.empty(),
        List.of(diffId("replay-tags")), tags);
    DeleteSteps steps = new DeleteSteps(NODE.driver().entities(), LayerBlobs.NONE);
    List<DeleteRecord> first = await(steps.run("untag-first", untag(image, tags[0])));
    for (int i = 1; i < OTHERS; i++) {
      await(steps.run("untag-other-" + i, untag(image, tags[i])));
    }
    long written = StepJournal.length(NODE.driver(), "Image|" + image);

    List<DeleteRecord> again = await(steps.run("untag-first", untag(image, tags[0])));

    assertThat(again).isEqualTo(first)
        .containsExactly(new DeleteRecord.Untagged("replay-tags:0"));
    assertThat(StepJournal.length(NODE.driver(), "Image|" + image)).isEqualTo(written);
    assertThat(NODE.driver().image(image).references()).hasSize(1);
  }

  private static DeletePlan byId(ImageId image) {
    return new DeletePlan(image, Optional.empty(), image.hex(), DeleteOptions.defaults(),
        Optional.empty());
  }

  private static DeletePlan untag(ImageId image, String tag) throws Exception {
    return new DeletePlan(image, Optional.of(References.parseNormalizedNamed(tag)), tag,
        DeleteOptions.defaults(), Optional.empty());
  }
}
