package io.imagesaga.modelcheck;

import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Invariants 1, 2 and 4 of docs/design.md over entity states read from a node; 3 needs history and
 * is {@link ImageHistory}'s.
 */
final class Invariants {
  private Invariants() {}

  static List<String> check(Map<ImageId, ImageState> images, Map<Digest, LayerState> layers,
      Function<String, RepositoryState> repositories) {
    List<String> problems = new ArrayList<>();
    Set<String> repositoryNames = new HashSet<>();
    images.forEach((id, image) -> image.references()
        .forEach(ref -> repositoryNames.add(ref.repository().name())));
    for (String name : repositoryNames) {
      repositories.apply(name).references().forEach((ref, target) -> {
        ImageState image = images.get(target);
        if (image == null || !image.isPresent()
            || image.references().stream().noneMatch(r -> r.toString().equals(ref))) {
          problems.add("1: " + ref + " points at " + target + " which does not list it");
        }
      });
    }
    images.forEach((id, image) -> {
      for (NamedReference ref : image.references()) {
        if (!repositories.apply(ref.repository().name()).lookup(ref).equals(
            Optional.of(id))) {
          problems.add("1: " + id + " lists " + ref + " but its repository does not agree");
        }
      }
      checkImage(id, image, images, problems);
    });
    checkLayers(images, layers, problems);
    return problems;
  }

  private static void checkImage(ImageId id, ImageState image, Map<ImageId, ImageState> images,
      List<String> problems) {
    if (image.isPresent()) {
      image.metadata().parent().ifPresent(parent -> {
        ImageState p = images.get(parent);
        if (p == null || !p.isPresent() || !p.children().contains(id)) {
          problems.add("2: parent " + parent + " of " + id + " is absent or lacks the child");
        }
      });
      return;
    }
    if (!image.children().isEmpty() || !image.references().isEmpty()) {
      problems.add("2: deleted " + id + " keeps children or references");
    }
  }

  private static void checkLayers(Map<ImageId, ImageState> images,
      Map<Digest, LayerState> layers, List<String> problems) {
    Map<Digest, Set<Holder>> holders = new HashMap<>();
    images.values().stream().filter(ImageState::isPresent)
        .forEach(i -> i.metadata().topLayer().ifPresent(l -> holders.computeIfAbsent(l,
            k -> new HashSet<>()).add(Holder.image(i.id(), i.registeredBy()))));
    layers.forEach((chain, l) -> {
      if (l.isPresent()) {
        l.parent().ifPresent(p -> holders.computeIfAbsent(p, k -> new HashSet<>())
            .add(Holder.layer(chain, l.incarnation())));
      }
    });
    layers.forEach((chain, layer) -> {
      Set<Holder> expected = holders.getOrDefault(chain, Set.of());
      if (!layer.holders().equals(expected)) {
        problems.add("4: layer " + chain + " has holders " + layer.holders() + ", "
            + expected + " hold it");
      }
    });
  }
}
