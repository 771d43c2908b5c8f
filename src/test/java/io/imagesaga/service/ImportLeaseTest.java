package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageDelete;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An import in progress holds its images and their parents: deleting them is a hard conflict. */
class ImportLeaseTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void a_held_parent_cannot_be_deleted_even_by_force_until_the_import_ends() {
    ImageId parent = NODE.driver().register("lease-parent", Optional.empty(),
        List.of(diffId("lease-1")), "lease:parent");
    ImportLeases leases = NODE.driver().node().images().newImport();
    NodeDriver.await(leases.hold(parent));
    String refused = "409 conflict: unable to delete " + parent.shortId()
        + " (cannot be forced) - image is in use by a load, pull or save in progress";
    assertThat(NODE.driver().rmi(parent.hex(), DeleteOptions.defaults().withForce()))
        .isEqualTo(refused);
    PruneFilters everything = new PruneFilters(false, List.of(), List.of(), Optional.empty());
    assertThat(NodeDriver.await(NODE.driver().node().images().prune(everything,
        NodeDriver.PROVENANCE)).deleted())
        .as("prune -a skips the held image").extracting(r -> r.value())
        .doesNotContain(parent.toString());
    assertThat(NODE.driver().image(parent).references()).as("its name is kept too").hasSize(1);

    NodeDriver.await(leases.end(List.of(parent)));
    assertThat(NODE.driver().rmi(parent.hex(), DeleteOptions.defaults()))
        .startsWith("Untagged: lease:parent\nDeleted: " + parent);
  }

  @Test
  void leases_a_stopped_node_left_behind_are_ended_when_it_starts_again() throws Exception {
    ImageId image = NODE.driver().register("lease-stale", Optional.empty(),
        List.of(diffId("lease-stale")), "lease:stale");
    NodeDriver.await(NODE.driver().node().images().newImport().hold(image));

    NODE.restart();

    assertThat(NODE.driver().image(image).leases()).isEmpty();
    assertThat(NODE.driver().rmi("lease:stale", DeleteOptions.defaults()))
        .startsWith("Untagged: lease:stale\nDeleted: " + image);
  }

  @Test
  void an_image_is_registered_held_and_a_lease_left_behind_expires() {
    Clock late = Clock.offset(Clock.systemUTC(), ImportLeases.TTL.plus(Duration.ofMinutes(1)));
    ImportLeases leases = NODE.driver().node().images().newImport();
    ImageId image = NODE.driver().registerLeased("lease-new", leases.lease(), "lease:new");
    ImageState state = NODE.driver().image(image);
    assertThat(state.isLeased(Instant.now())).isTrue();
    assertThat(state.isLeased(Instant.now(late))).isFalse();
    assertThat(NODE.driver().rmi("lease:new", DeleteOptions.defaults()))
        .startsWith("409 conflict: unable to delete " + image.shortId());
    assertThat(NODE.driver().image(image).references()).hasSize(1);
    // Nothing ends the lease, as after a crashed import: once it expires, the delete goes ahead.
    assertThat(ImageDelete.byId(state, false, Instant.now(late)).outcome())
        .isInstanceOf(DeleteOutcome.Done.class);
  }
}
