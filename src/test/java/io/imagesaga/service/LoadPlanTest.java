package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registrations a load plans from its manifest's items, before it makes the first. */
class LoadPlanTest {

  /**
   * A chain of 10000 images (the default max-images), layerless, listed children first: its
   * base comes first, and the plan does not recurse that deep.
   */
  @Test
  void parents_come_first_however_deep_the_chain_is_listed() {
    List<LoadPlan.Item> chain = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Optional<ImageId> parent = i == 0 ? Optional.empty() : Optional.of(chain.get(i - 1).id());
      chain.add(new LoadPlan.Item(id("chain " + i), List.of(), List.of(), parent));
    }
    List<LoadPlan.Item> listed = new ArrayList<>(chain);
    Collections.reverse(listed);
    assertThat(LoadPlan.of(listed)).extracting(LoadPlan.Image::id)
        .containsExactlyElementsOf(chain.stream().map(LoadPlan.Item::id).toList());
  }

  /** Images without parent links keep the manifest's order; a parent outside it is dropped. */
  @Test
  void the_manifest_order_holds_where_no_parent_forces_another() {
    LoadPlan.Item a = item("a", Optional.of(id("not in the archive")));
    LoadPlan.Item b = item("b", Optional.empty());
    assertThat(LoadPlan.of(List.of(b, a))).containsExactly(
        new LoadPlan.Image(b.id(), 0, List.of(), Optional.empty()),
        new LoadPlan.Image(a.id(), 1, List.of(), Optional.empty()));
  }

  /** Each image once, at its first item, with each tag once: the last image named with it. */
  @Test
  void an_image_named_twice_is_planned_once_with_its_tags() throws Exception {
    ImageId a = id("a");
    ImageId b = id("b");
    List<LoadPlan.Image> plan = LoadPlan.of(List.of(
        new LoadPlan.Item(a, List.of(), tags("x:1", "a:1"), Optional.empty()),
        new LoadPlan.Item(b, List.of(), tags("x:1", "b:1"), Optional.empty()),
        new LoadPlan.Item(a, List.of(), tags("a:2", "a:1", "x:1"), Optional.empty())));
    assertThat(plan).containsExactly(
        new LoadPlan.Image(a, 0, tags("x:1", "a:1", "a:2"), Optional.empty()),
        new LoadPlan.Image(b, 1, tags("b:1"), Optional.empty()));
  }

  @Test
  void a_parent_whose_layers_are_not_a_prefix_is_refused() {
    Digest base = Digest.sha256(new byte[] {1});
    Digest other = Digest.sha256(new byte[] {2});
    LoadPlan.Item parent = new LoadPlan.Item(id("p"), ChainIds.of(List.of(base)), List.of(),
        Optional.empty());
    LoadPlan.Item child = new LoadPlan.Item(id("c"), ChainIds.of(List.of(other, base)),
        List.of(), Optional.of(parent.id()));
    assertThatThrownBy(() -> LoadPlan.of(List.of(parent, child)))
        .isInstanceOf(RejectedException.class)
        .hasMessage("invalid parent " + parent.id() + ": its layers are not a prefix of the"
            + " image's");
  }

  private static LoadPlan.Item item(String seed, Optional<ImageId> parent) {
    return new LoadPlan.Item(id(seed), List.of(), List.of(), parent);
  }

  private static ImageId id(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }

  private static List<NamedReference> tags(String... tags) throws Exception {
    List<NamedReference> refs = new ArrayList<>();
    for (String tag : tags) {
      refs.add(References.parseNormalizedNamed(tag));
    }
    return refs;
  }
}
