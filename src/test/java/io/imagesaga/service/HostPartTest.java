package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host's part of a fleet delete: its ordinary delete saga under an ID derived from the fleet
 * delete's, so that asking again answers the first result and never deletes twice.
 */
class HostPartTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_part_asked_again_answers_its_first_records_and_leaves_an_image_loaded_since_alone() {
    ImageId id = NODE.driver().register("once", Optional.empty(), List.of(diffId("once-l1")),
        "once:1");
    List<DeleteRecord> first = part("fleet-delete-1", "once:1", List.of());
    assertThat(first).extracting(DeleteRecord::line).containsExactly("Untagged: once:1",
        "Deleted: " + id, "Deleted: " + NODE.driver().image(id).metadata().topLayer().get());

    NODE.driver().register("once", Optional.empty(), List.of(diffId("once-l1")), "once:1");
    assertThat(part("fleet-delete-1", "once:1", List.of())).isEqualTo(first);

    assertThat(NODE.driver().image(id).isPresent()).as("loaded again, not deleted").isTrue();
    assertThat(part("fleet-delete-2", "once:1", List.of())).as("another fleet delete does")
        .isEqualTo(first);
  }

  @Test
  void a_part_refuses_an_image_that_carries_a_protected_reference_and_changes_nothing() {
    ImageId id = NODE.driver().register("kept", Optional.empty(), List.of(diffId("kept-l1")),
        "kept:1", "kept:prod");
    assertThatThrownBy(() -> part("fleet-delete-3", "kept:1", List.of("kept:prod")))
        .isInstanceOf(RejectedException.class)
        .hasMessage("conflict: unable to delete " + id.shortId() + " (cannot be forced) - image"
            + " is protected in the fleet: kept:prod matches docker.io/library/kept:prod");
    assertThat(NODE.driver().image(id).references()).hasSize(2);
  }

  private static List<DeleteRecord> part(String key, String name, List<String> protect) {
    return await(NODE.driver().node().images().fleetParts().deleteOnce(key, name, DeleteOptions.defaults(),
        protect, NodeDriver.PROVENANCE));
  }
}
