package io.imagesaga.modelcheck;

import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerState;
import io.imagesaga.model.DockerModel;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.testkit.NodeDriver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The node's state after a sequence, read from its entities, against the model's; and the
 * invariants 1–4 of docs/design.md checked on the node's own entities.
 */
final class StateComparison {
  private StateComparison() {}

  static List<String> compare(DockerModel model, NodeDriver node, Universe universe) {
    List<String> problems = new ArrayList<>();
    Map<ImageId, ImageState> images = new HashMap<>();
    universe.images().forEach(id -> images.put(id, node.image(id)));
    for (ImageId id : universe.images()) {
      var expected = model.images().get(id);
      ImageState actual = images.get(id);
      if ((expected != null) != actual.isPresent()) {
        problems.add(id + ": present in model " + (expected != null) + ", in node "
            + actual.isPresent());
        continue;
      }
      if (expected != null) {
        same(problems, id + " references", expected.references(),
            actual.references().stream().map(NamedReference::toString).toList());
        same(problems, id + " parent", expected.parent(), actual.metadata().parent().orElse(null));
        same(problems, id + " children", new TreeSet<>(expected.children().stream()
            .map(ImageId::toString).toList()), new TreeSet<>(actual.children().stream()
            .map(ImageId::toString).toList()));
        same(problems, id + " containers", expected.containers(),
            actual.containers().stream().map(ContainerUse::containerId).toList());
      }
    }
    Map<String, Integer> layerCounts = model.layerRefCounts();
    Map<Digest, LayerState> layers = new HashMap<>();
    for (Digest chain : universe.chainIds()) {
      LayerState layer = node.layer(chain);
      layers.put(chain, layer);
      same(problems, "layer " + chain + " holders", layerCounts.getOrDefault(chain.toString(), 0),
          layer.holders().size());
    }
    for (String id : universe.containers()) {
      var expected = model.containers().get(id);
      ContainerState actual = node.container(id);
      same(problems, "container " + id + " exists", expected != null, actual.exists());
      if (expected != null && actual.exists()) {
        same(problems, "container " + id + " image", expected.imageId(),
            actual.spec().imageId());
        same(problems, "container " + id + " running", expected.running(), actual.isRunning());
      }
    }
    problems.addAll(Invariants.check(images, layers, name -> node.repository(name)));
    universe.images().forEach(id ->
        problems.addAll(ImageHistory.deletedWhileRunning(node.node().system(), id)));
    return problems;
  }

  private static void same(List<String> problems, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      problems.add(what + ": model " + expected + ", node " + actual);
    }
  }
}
