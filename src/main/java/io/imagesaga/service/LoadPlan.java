package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code docker load} registers, and in which order, decided from the checked items of
 * its manifest before the first registration (pure). Each image is registered once however
 * many items name it, with the tags they give it; a tag given to several images goes to the one
 * named last, where dockerd's successive tagging leaves it. An image's parent is the one its
 * items name among the archive's images (moby's {@code validatedParentLinks}), and parents are
 * registered before their children wherever the manifest lists them (dockerd links parents
 * once every image is loaded). A parent whose layers are not a prefix of its child's is refused
 * here, as registration would refuse it, and so are parent links that loop.
 */
final class LoadPlan {
  /**
   * One manifest item that passed its checks.
   *
   * @param chain the chain IDs of its layers, bottom first
   * @param parent its {@code Parent}, if it named one
   */
  record Item(ImageId id, List<Digest> chain, List<NamedReference> tags,
      Optional<ImageId> parent) {}

  /**
   * One image to register.
   *
   * @param item the index of the first manifest item that names it
   */
  record Image(ImageId id, int item, List<NamedReference> tags, Optional<ImageId> parent) {}

  private LoadPlan() {}

  /** The images of {@code items} (manifest order), in the order to register them. */
  static List<Image> of(List<Item> items) {
    Map<ImageId, Integer> first = new LinkedHashMap<>();
    Map<NamedReference, ImageId> tagged = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      first.putIfAbsent(item.id(), i);
      item.tags().forEach(tag -> tagged.put(tag, item.id()));
    }
    Map<ImageId, ImageId> parents = parents(items, first);
    Map<ImageId, Set<NamedReference>> tags = new HashMap<>();
    for (Item item : items) {
      item.tags().stream().filter(tag -> tagged.get(tag).equals(item.id()))
          .forEach(tag -> tags.computeIfAbsent(item.id(), id -> new LinkedHashSet<>()).add(tag));
    }
    List<Image> order = new ArrayList<>();
    for (ImageId id : parentsFirst(first.keySet(), parents)) {
      order.add(new Image(id, first.get(id), List.copyOf(tags.getOrDefault(id, Set.of())),
          Optional.ofNullable(parents.get(id))));
    }
    return order;
  }

  /**
   * Each image's parent among the archive's images (the last item to name one wins, as
   * dockerd sets them in turn), refused unless the parent's layers are a prefix of the
   * image's.
   */
  private static Map<ImageId, ImageId> parents(List<Item> items, Map<ImageId, Integer> first) {
    Map<ImageId, ImageId> parents = new HashMap<>();
    for (Item item : items) {
      item.parent().filter(first::containsKey).ifPresent(parent -> {
        List<Digest> layers = items.get(first.get(parent)).chain();
        if (!layers.isEmpty() && !item.chain().contains(layers.get(layers.size() - 1))) {
          throw ImageRegistrar.notAPrefix(parent);
        }
        parents.put(item.id(), parent);
      });
    }
    return parents;
  }

  /** {@code ids} in their order, each preceded by its ancestors not yet placed. */
  private static List<ImageId> parentsFirst(Set<ImageId> ids, Map<ImageId, ImageId> parents) {
    List<ImageId> order = new ArrayList<>();
    Set<ImageId> placed = new HashSet<>();
    for (ImageId id : ids) {
      Deque<ImageId> ancestry = new ArrayDeque<>();
      Set<ImageId> seen = new HashSet<>();
      for (ImageId at = id; at != null && !placed.contains(at); at = parents.get(at)) {
        if (!seen.add(at)) {
          throw new RejectedException(new Rejection.InvalidParameter("invalid archive: the"
              + " Parent links of manifest.json loop through " + at));
        }
        ancestry.push(at);
      }
      while (!ancestry.isEmpty()) {
        ImageId next = ancestry.pop();
        placed.add(next);
        order.add(next);
      }
    }
    return order;
  }
}
