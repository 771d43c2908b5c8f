package io.imagesaga.model;

import io.imagesaga.model.DockerModel.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The model checks itself: a bug in the oracle must not pass for agreement. */
final class ModelInvariants {
  private ModelInvariants() {}

  static List<String> check(DockerModel m) {
    List<String> problems = new ArrayList<>();
    m.referenceStore().forEach((ref, id) -> {
      if (!m.imageStore().containsKey(id)) {
        problems.add("1: " + ref + " points at absent " + id);
      }
    });
    for (Image image : m.imageStore().values()) {
      if (image.parent() != null && !m.imageStore().containsKey(image.parent())) {
        problems.add("2: parent of " + image.id() + " is absent");
      }
    }
    Map<String, Integer> holders = new HashMap<>();
    m.imageStore().values().forEach(i -> {
      if (i.topLayer() != null) {
        holders.merge(i.topLayer(), 1, Integer::sum);
      }
    });
    m.layerStore().values().forEach(l -> {
      if (l.parent() != null) {
        holders.merge(l.parent(), 1, Integer::sum);
      }
    });
    m.layerStore().forEach((chain, layer) -> {
      if (layer.count() != holders.getOrDefault(chain, 0)) {
        problems.add("4: layer " + chain + " counts " + layer.count() + ", held by "
            + holders.getOrDefault(chain, 0));
      }
    });
    return problems;
  }
}
