package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.StepJournal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host's part of a fleet prune: asked again it answers its first report, deletes nothing a
 * second time, and never touches an image the protected list covers.
 */
class HostPrunePartTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final PruneFilters ALL = new PruneFilters(false, List.of(), List.of(),
      Optional.empty());

  @Test
  void a_prune_part_asked_again_answers_its_first_report_and_spares_protected_images() {
    ImageId gone = NODE.driver().register("gone", Optional.empty(), List.of(diffId("gone-l1")),
        "gone:1");
    ImageId guarded = NODE.driver().register("guarded", Optional.empty(),
        List.of(diffId("guarded-l1")), "guard:1");

    ImagePrune.Report first = part("fleet-prune-1");
    assertThat(first.deleted()).extracting(DeleteRecord::line).containsExactly(
        "Untagged: gone:1", "Deleted: " + gone,
        "Deleted: " + NODE.driver().image(gone).metadata().topLayer().get());
    assertThat(first.spaceReclaimed()).isEqualTo(1000);
    assertThat(NODE.driver().image(guarded).isPresent()).isTrue();

    NODE.driver().register("gone", Optional.empty(), List.of(diffId("gone-l1")), "gone:1");
    ImagePrune.Report again = part("fleet-prune-1");
    assertThat(again.deleted()).isEqualTo(first.deleted());
    assertThat(again.spaceReclaimed()).isEqualTo(first.spaceReclaimed());
    assertThat(NODE.driver().image(gone).isPresent()).as("loaded again, not pruned").isTrue();
  }

  @Test
  void a_prune_dry_run_answers_what_the_prune_then_does_pass_after_pass_and_journals_nothing() {
    ImageId base = NODE.driver().register("dry-base", Optional.empty(),
        List.of(diffId("dry-l1")), "dry:base");
    ImageId middle = NODE.driver().register("dry-middle", Optional.of(base),
        List.of(diffId("dry-l1"), diffId("dry-l2")));
    NODE.driver().register("dry-top", Optional.of(middle),
        List.of(diffId("dry-l1"), diffId("dry-l2"), diffId("dry-l3")), "dry:top");
    NODE.driver().register("dry-twin", Optional.empty(), List.of(diffId("dry-l1")));
    int journaled = StepJournal.auditLog(NODE.driver()).size();

    ImagePrune.Report preview = await(NODE.driver().node().images().fleetParts().previewPrune(ALL,
        List.of("guard:*")));

    assertThat(StepJournal.changesSince(NODE.driver(), journaled)).isEmpty();
    assertThat(preview.deleted()).extracting(DeleteRecord::line)
        .contains("Deleted: " + base, "Deleted: " + middle);
    ImagePrune.Report pruned = part("fleet-prune-dry");
    assertThat(preview.deleted()).isEqualTo(pruned.deleted());
    assertThat(preview.spaceReclaimed()).isEqualTo(pruned.spaceReclaimed());
  }

  private static ImagePrune.Report part(String key) {
    return await(NODE.driver().node().images().fleetParts().pruneOnce(key, ALL, List.of("guard:*"),
        NodeDriver.PROVENANCE));
  }
}
