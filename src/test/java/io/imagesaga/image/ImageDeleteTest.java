package io.imagesaga.image;

import static io.imagesaga.image.ImageStates.C1;
import static io.imagesaga.image.ImageStates.C2;
import static io.imagesaga.image.ImageStates.CHILD;
import static io.imagesaga.image.ImageStates.PARENT;
import static io.imagesaga.image.ImageStates.T0;
import static io.imagesaga.image.ImageStates.digestRef;
import static io.imagesaga.image.ImageStates.image;
import static io.imagesaga.image.ImageStates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Rejection;
import io.imagesaga.image.ImageEvent.Deleted;
import io.imagesaga.image.ImageEvent.Untagged;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-image decisions of moby's image_delete.go, without actors; cases are named after the
 * message numbers (M1 to M5) of docs/semantics.md, "Messages".
 */
class ImageDeleteTest {
  private static final ImageId ID = ImageStates.id("image");
  private static final String ID12 = ID.shortId();

  record Case(String name, ImageState state, Request request, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What the saga asks of the image: untag a name (with the input as typed) or delete by ID. */
  record Request(String name, boolean force) {
    DeleteDecision decide(ImageState state) {
      return name == null ? ImageDelete.byId(state, force, T0)
          : ImageDelete.untag(state, ref(name), name, force, T0);
    }
  }

  static Request byName(String name) {
    return new Request(name, false);
  }

  static Request byId(boolean force) {
    return new Request(null, force);
  }

  /** Expected: "Untagged: ..." lines then "Deleted" when the image goes, or the 409 text. */
  static Stream<Case> cases() {
    String digest = digestRef("a", "d1");
    return Stream.of(
        new Case("untag one of two tags keeps the image",
            image(ID).refs("a:1", "a:2").get(), byName("a:1"), "Untagged: a:1"),
        new Case("untag the last tag deletes the image",
            image(ID).refs("a:1").get(), byName("a:1"), "Untagged: a:1|Deleted"),
        new Case("name without tag means latest",
            image(ID).refs("a").get(), byName("a"), "Untagged: a:latest|Deleted"),
        // TestRmiTagWithExistingContainers: the only name of an image a container uses.
        new Case("M5: the only reference of a used image",
            image(ID).refs("a:1").stopped(C1).get(), byName("a:1"),
            "conflict: unable to remove repository reference \"a:1\" (must force) - container "
                + C1.substring(0, 12) + " is using its referenced image " + ID12),
        new Case("a second reference lifts M5, the image stays",
            image(ID).refs("a:1", "b:1").stopped(C1).get(), byName("a:1"), "Untagged: a:1"),
        new Case("force untags; a running container keeps the image quietly",
            image(ID).refs("a:1").running(C1).get(), new Request("a:1", true), "Untagged: a:1"),
        new Case("force untags and deletes under a stopped container",
            image(ID).refs("a:1").stopped(C1).get(), new Request("a:1", true),
            "Untagged: a:1|Deleted"),
        new Case("a child keeps an untagged parent quietly",
            image(ID).refs("a:1").child(CHILD).get(), byName("a:1"), "Untagged: a:1"),
        new Case("same-repository digests go with the last tag, silently",
            image(ID).refs("a:1", digest).get(), byName("a:1"),
            "Untagged: a:1|Untagged: " + digest.replace("docker.io/library/", "") + "|Deleted"),
        new Case("digests of another repository keep the image",
            image(ID).refs("a:1", digestRef("b", "d2")).get(), byName("a:1"), "Untagged: a:1"),
        new Case("another tag of the same repository keeps its digests",
            image(ID).refs("a:1", "a:2", digest).get(), byName("a:1"), "Untagged: a:1"),
        new Case("by ID: one tag and its digests are removed",
            image(ID).refs("a:1", digest).get(), byId(false),
            "Untagged: a:1|Untagged: " + digest + "|Deleted"),
        // TestRmiWithMultipleRepositories: an ID with two names needs force.
        new Case("M3: by ID with two tags",
            image(ID).refs("a:1", "b:1").get(), byId(false),
            "conflict: unable to delete " + ID12
                + " (must be forced) - image is referenced in multiple repositories"),
        new Case("by ID, forced, with two tags",
            image(ID).refs("b:1", "a:1").get(), byId(true), "Untagged: a:1|Untagged: b:1|Deleted"),
        new Case("M1: a child cannot be forced",
            image(ID).child(CHILD).running(C1).get(), byId(true),
            "conflict: unable to delete " + ID12
                + " (cannot be forced) - image has dependent child images"),
        new Case("M2: a running container cannot be forced",
            image(ID).refs("a:1").stopped(C2).running(C1).get(), byId(true),
            "conflict: unable to delete " + ID12
                + " (cannot be forced) - image is being used by running container "
                + C1.substring(0, 12)),
        new Case("M4: the first stopped container is named",
            image(ID).stopped(C2).stopped(C1).get(), byId(false),
            "conflict: unable to delete " + ID12
                + " (must be forced) - image is being used by stopped container "
                + C2.substring(0, 12)),
        new Case("M4 before untagging a single reference by ID",
            image(ID).refs("a:1").stopped(C1).get(), byId(false),
            "conflict: unable to delete " + ID12
                + " (must be forced) - image is being used by stopped container "
                + C1.substring(0, 12)),
        new Case("forced by ID under a stopped container",
            image(ID).refs("a:1").stopped(C1).get(), byId(true), "Untagged: a:1|Deleted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides_as_moby(Case c) {
    assertThat(render(c.request().decide(c.state()))).isEqualTo(c.expected());
  }

  record SingleReference(String refs, boolean single) {
    @Override
    public String toString() {
      return "[" + refs + "] -> " + single;
    }
  }

  /** The single-reference rule of docs/semantics.md, "Resolution", as a truth table. */
  static Stream<SingleReference> singleReferenceRows() {
    String d1 = "@" + Digest.sha256(new byte[] {1});
    String d2 = "@" + Digest.sha256(new byte[] {2});
    return Stream.of(
        new SingleReference("", false),
        new SingleReference("a:latest", true),
        new SingleReference("a" + d1, true),
        new SingleReference("a:latest,a" + d1, true),
        new SingleReference("a:latest,a" + d1 + ",a" + d2, true),
        new SingleReference("a" + d1 + ",a" + d2, true),
        new SingleReference("a:latest,a:v2", false),
        new SingleReference("a:latest,b:latest", false),
        new SingleReference("a:latest,b" + d1, false),
        new SingleReference("a" + d1 + ",b" + d2, false),
        new SingleReference("a:latest,a" + d1 + ",b" + d2, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleReferenceRows")
  void is_single_reference(SingleReference row) {
    var refs = new TreeSet<NamedReference>();
    for (String r : row.refs().split(",")) {
      if (!r.isEmpty()) {
        refs.add(ref(r));
      }
    }
    assertThat(ImageDelete.isSingleReference(refs)).isEqualTo(row.single());
  }

  @Test
  void a_rejection_persists_nothing() {
    var decision = ImageDelete.byId(image(ID).refs("a:1", "b:1").get(), false, T0);
    assertThat(decision.events()).isEmpty();
  }

  @Test
  void untag_and_delete_are_one_write() {
    var decision = ImageDelete.untag(image(ID).refs("a:1").get(), ref("a:1"), "a:1", false, T0);
    assertThat(decision.events()).hasSize(2);
    assertThat(decision.events().get(0)).isInstanceOf(Untagged.class);
    assertThat(decision.events().get(1)).isInstanceOf(Deleted.class);
  }

  @Test
  void the_cleaned_up_digest_is_not_announced() {
    var state = image(ID).refs("a:1", digestRef("a", "d1")).get();
    var untagged = (Untagged) ImageDelete.untag(state, ref("a:1"), "a:1", false, T0)
        .events().get(0);
    assertThat(untagged.references()).extracting(ImageEvent.RemovedReference::announced)
        .containsExactly(true, false);
  }

  @Test
  void deleting_reports_parent_and_top_layer() {
    var state = ImageStates.childOf(ID, PARENT).get();
    var done = (DeleteOutcome.Done) ImageDelete.byId(state, false, T0).outcome();
    assertThat(done.step().parent()).contains(PARENT);
    assertThat(done.step().topLayer()).contains(ImageStates.LAYER);
  }

  @Test
  void releasing_the_last_child_prunes_a_dangling_parent() {
    var state = image(PARENT).child(CHILD).get();
    var decision = ImageDelete.releaseChild(state, CHILD, 2, true, T0);
    assertThat(((DeleteOutcome.Done) decision.outcome()).step().deleted()).isTrue();
  }

  @Test
  void pruning_stops_at_a_tag_or_another_child_or_noprune() {
    assertThat(prunes(image(PARENT).child(CHILD).refs("p:1").get(), true)).isFalse();
    assertThat(prunes(image(PARENT).child(CHILD).child(ID).get(), true)).isFalse();
    assertThat(prunes(image(PARENT).child(CHILD).stopped(C1).get(), true)).isFalse();
    assertThat(prunes(image(PARENT).child(CHILD).get(), false)).isFalse();
  }

  private static boolean prunes(ImageState parent, boolean prune) {
    var decision = ImageDelete.releaseChild(parent, CHILD, 2, prune, T0);
    assertThat(decision.events()).isNotEmpty();
    return ((DeleteOutcome.Done) decision.outcome()).step().deleted();
  }

  static String render(DeleteDecision decision) {
    if (decision.outcome() instanceof DeleteOutcome.Rejected r) {
      assertThat(r.rejection()).isInstanceOf(Rejection.Conflict.class);
      return r.rejection().message();
    }
    ImageDeleteStep step = ((DeleteOutcome.Done) decision.outcome()).step();
    List<String> lines = new ArrayList<>(
        step.untagged().stream().map(u -> "Untagged: " + u).toList());
    if (step.deleted()) {
      lines.add("Deleted");
    }
    return String.join("|", lines);
  }
}
