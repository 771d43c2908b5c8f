package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The saga across real entities on the LevelDB journal: records, layers, restart. */
class DeleteSagaTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void rmi_of_a_child_prunes_untagged_parents_and_reports_freed_layers_in_order() {
    Digest l1 = diffId("chain-l1");
    Digest l2 = diffId("chain-l2");
    Digest l3 = diffId("chain-l3");
    List<Digest> chain = ChainIds.of(List.of(l1, l2, l3));
    ImageId base = NODE.driver().register("chain-base", Optional.empty(), List.of(l1));
    ImageId middle = NODE.driver().register("chain-middle", Optional.of(base), List.of(l1, l2));
    ImageId top = NODE.driver().register("chain-top", Optional.of(middle), List.of(l1, l2, l3),
        "chain:top");

    assertThat(NODE.driver().rmi("chain:top", DeleteOptions.defaults())).isEqualTo(String.join("\n",
        "Untagged: chain:top",
        "Deleted: " + top, "Deleted: " + chain.get(2),
        "Deleted: " + middle, "Deleted: " + chain.get(1),
        "Deleted: " + base, "Deleted: " + chain.get(0)));
    assertThat(NODE.driver().layer(chain.get(0)).isPresent()).isFalse();
    assertThat(NODE.driver().repository("docker.io/library/chain").references()).isEmpty();
  }

  @Test
  void a_tag_in_the_middle_stops_the_prune_and_noprune_keeps_parents() {
    Digest l1 = diffId("mid-l1");
    ImageId base = NODE.driver().register("mid-base", Optional.empty(), List.of(l1));
    ImageId middle = NODE.driver().register("mid-middle", Optional.of(base), List.of(l1),
        "mid:tagged");
    ImageId top = NODE.driver().register("mid-top", Optional.of(middle), List.of(l1), "mid:top");
    assertThat(NODE.driver().rmi("mid:top", DeleteOptions.defaults()))
        .isEqualTo("Untagged: mid:top\nDeleted: " + top);
    assertThat(NODE.driver().rmi("mid:tagged", DeleteOptions.defaults().withoutPrune()))
        .isEqualTo("Untagged: mid:tagged\nDeleted: " + middle);
    assertThat(NODE.driver().rmi(base.shortId(), DeleteOptions.defaults()))
        .isEqualTo("Deleted: " + base + "\nDeleted: " + l1);
  }

  @Test
  void errors_carry_dockers_status_and_text() {
    assertThat(NODE.driver().rmi(" ", DeleteOptions.defaults()))
        .isEqualTo("400 image name cannot be blank");
    assertThat(NODE.driver().rmi("Foo", DeleteOptions.defaults()))
        .isEqualTo("400 invalid reference format: repository name must be lowercase");
    assertThat(NODE.driver().rmi("nothingthere", DeleteOptions.defaults()))
        .isEqualTo("404 No such image: nothingthere:latest");
    String missing = "sha256:" + "e".repeat(64);
    assertThat(NODE.driver().rmi(missing, DeleteOptions.defaults()))
        .isEqualTo("404 No such image: " + missing);
  }

  @Test
  void state_survives_a_restart() throws Exception {
    ImageId id = NODE.driver().register("restart", Optional.empty(), List.of(diffId("restart-l1")),
        "restart:1", "restart:2");
    assertThat(NODE.driver().createContainer("ab".repeat(32), "restart:1"))
        .isEqualTo(id.toString());
    NODE.driver().restart();
    assertThat(NODE.driver().rmi(id.shortId(), DeleteOptions.defaults())).isEqualTo(
        "409 conflict: unable to delete " + id.shortId()
            + " (must be forced) - image is referenced in multiple repositories");
    assertThat(NODE.driver().rmi("restart:1", DeleteOptions.defaults()))
        .isEqualTo("Untagged: restart:1");
    assertThat(NODE.driver().rmi("restart:2", DeleteOptions.defaults())).isEqualTo(
        "409 conflict: unable to remove repository reference \"restart:2\" (must force) -"
            + " container abababababab is using its referenced image " + id.shortId());
  }
}
