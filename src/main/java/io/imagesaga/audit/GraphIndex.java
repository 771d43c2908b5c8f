package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reverse links a check needs and no entity keeps: the present children of each image by
 * their parent link, the present images listing each reference, how many present images and
 * layers hold each layer, which containers use each image. Kept up to date from each entity's
 * state before and after a record, so a check
 * costs what the record touched, not the catalog size.
 */
final class GraphIndex {
  private final Map<ImageId, Set<ImageId>> childrenByParent = new HashMap<>();
  private final Map<String, Integer> holdersByLayer = new HashMap<>();
  private final Map<ImageId, Set<String>> containersByImage = new HashMap<>();
  private final Map<NamedReference, Set<ImageId>> imagesByReference = new HashMap<>();

  /** An image changed from {@code before} to {@code after}. */
  void image(ImageId id, ImageState before, ImageState after) {
    if (before.isPresent()) {
      before.metadata().parent().ifPresent(parent -> remove(childrenByParent, parent, id));
      before.metadata().topLayer().ifPresent(layer -> count(layer.toString(), -1));
      before.references().forEach(reference -> remove(imagesByReference, reference, id));
    }
    if (after.isPresent()) {
      after.metadata().parent().ifPresent(parent ->
          childrenByParent.computeIfAbsent(parent, p -> new HashSet<>()).add(id));
      after.metadata().topLayer().ifPresent(layer -> count(layer.toString(), 1));
      after.references().forEach(reference ->
          imagesByReference.computeIfAbsent(reference, r -> new HashSet<>()).add(id));
    }
  }

  /** A layer changed from {@code before} to {@code after}. */
  void layer(LayerState before, LayerState after) {
    if (before.isPresent()) {
      before.parent().ifPresent(parent -> count(parent.toString(), -1));
    }
    if (after.isPresent()) {
      after.parent().ifPresent(parent -> count(parent.toString(), 1));
    }
  }

  /** A container event was applied, leaving {@code after}. */
  void container(String id, ContainerEvent event, ContainerState after) {
    if (event instanceof ContainerEvent.Created) {
      containersByImage.computeIfAbsent(after.spec().imageId(), i -> new HashSet<>()).add(id);
    } else if (event instanceof ContainerEvent.Removed && after.spec() != null) {
      remove(containersByImage, after.spec().imageId(), id);
    }
  }

  /** The present images whose parent link names {@code parent}. */
  Set<ImageId> children(ImageId parent) {
    return childrenByParent.getOrDefault(parent, Set.of());
  }

  /** The present images that list {@code reference}: one at most, when the catalog is sound. */
  Set<ImageId> listing(NamedReference reference) {
    return imagesByReference.getOrDefault(reference, Set.of());
  }

  /** How many present images (as top layer) and present layers (as parent) hold a layer. */
  int holders(String chainId) {
    return holdersByLayer.getOrDefault(chainId, 0);
  }

  /** The containers that exist and were created on {@code image}. */
  Set<String> containers(ImageId image) {
    return containersByImage.getOrDefault(image, Set.of());
  }

  private void count(String layer, int delta) {
    holdersByLayer.merge(layer, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  private static <K, V> void remove(Map<K, Set<V>> index, K key, V value) {
    Set<V> values = index.get(key);
    if (values != null && values.remove(value) && values.isEmpty()) {
      index.remove(key);
    }
  }
}
