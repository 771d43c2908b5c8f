package io.imagesaga.crash;

import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invariants 1–4 of docs/design.md over a quiescent node's entity states, as the modelcheck
 * package's {@code Invariants} checks 1, 2 and 4, but over every repository the driver named (not
 * only those a surviving image lists, so a reference left pointing at a deleted image is seen),
 * in both directions for children, with the containers (3) and the layer blobs (4).
 */
final class StateChecks {
  private StateChecks() {}

  static List<Violation> check(Snapshot s) {
    List<Violation> out = new ArrayList<>();
    references(s, out);
    s.images().forEach((id, image) -> graph(s, id, image, out));
    layers(s, out);
    containers(s, out);
    names(s, out);
    return out;
  }

  /**
   * A container name is reserved for exactly the existing container that carries it: a create
   * that was refused, or a container removed, left its name free (docs/design.md, "Operations").
   */
  private static void names(Snapshot s, List<Violation> out) {
    s.names().forEach((name, holder) -> {
      if (holder.isFree()) {
        return;
      }
      ContainerState container = s.containers().get(holder.containerId());
      if (container == null || !container.exists() || !container.spec().name().equals(name)) {
        out.add(Violation.of("names", "/" + name + " is reserved for " + holder.containerId()
            + " which is " + (container == null ? "unknown" : container.status()), name,
            holder.containerId()));
      }
    });
    s.containers().forEach((id, container) -> {
      if (!container.exists()) {
        return;
      }
      String holder = s.names().get(container.spec().name()).containerId();
      if (!id.equals(holder)) {
        out.add(Violation.of("names", "container " + id + " carries /" + container.spec().name()
            + " but the name is held by " + holder, id));
      }
    });
  }

  /** 1: a reference points at a present image that lists it, and the reverse. */
  private static void references(Snapshot s, List<Violation> out) {
    s.repositories().forEach((name, repository) -> repository.references().forEach((ref, id) -> {
      ImageState image = s.images().get(id);
      if (image == null || !image.isPresent()
          || image.references().stream().noneMatch(r -> r.toString().equals(ref))) {
        out.add(Violation.of("1", ref + " points at " + id + " which is "
            + (image == null ? "unknown" : image.lifecycle()) + " and does not list it", ref, id));
      }
    }));
    s.images().forEach((id, image) -> {
      for (NamedReference ref : image.references()) {
        ImageId target = s.lookup(ref.toString());
        if (!id.equals(target)) {
          out.add(Violation.of("1", image.lifecycle() + " image " + id + " lists " + ref
              + " but its repository points it at " + target, ref, id));
        }
      }
    });
  }

  /** 2: parents and children agree; a deleted image has no children and no references. */
  private static void graph(Snapshot s, ImageId id, ImageState image, List<Violation> out) {
    if (!image.isPresent()) {
      if (!image.children().isEmpty() || !image.references().isEmpty()) {
        out.add(Violation.of("2", image.lifecycle() + " image " + id + " keeps children "
            + image.children() + " or references " + image.references(), id));
      }
      return;
    }
    image.metadata().parent().ifPresent(parent -> {
      ImageState p = s.images().get(parent);
      if (p == null || !p.isPresent() || !p.children().contains(id)) {
        out.add(Violation.of("2", "parent " + parent + " of present " + id + " is "
            + (p == null ? "unknown" : p.lifecycle()) + (p != null && p.children().contains(id)
                ? "" : " and does not list it as a child"), id, parent));
      }
    });
    for (ImageId child : image.children()) {
      ImageState c = s.images().get(child);
      if (c == null || !c.isPresent()
          || !c.metadata().parent().equals(Optional.of(id))) {
        out.add(Violation.of("2", "present " + id + " lists child " + child + " which is "
            + (c == null ? "unknown" : c.lifecycle()) + " or has another parent", id, child));
      }
    }
  }

  /**
   * 4: holders = present images on top (as the registration that made them present) + present
   * layers above (as their incarnation); no holder, no blob.
   */
  private static void layers(Snapshot s, List<Violation> out) {
    Map<Digest, Set<Holder>> holders = new HashMap<>();
    s.images().values().stream().filter(ImageState::isPresent).forEach(i -> i.metadata()
        .topLayer().ifPresent(l -> holders.computeIfAbsent(l, k -> new HashSet<>())
            .add(Holder.image(i.id(), i.registeredBy()))));
    s.layers().forEach((chain, layer) -> {
      if (layer.isPresent()) {
        layer.parent().ifPresent(p -> holders.computeIfAbsent(p, k -> new HashSet<>())
            .add(Holder.layer(chain, layer.incarnation())));
      }
    });
    Set<String> owned = new HashSet<>();
    s.layers().forEach((chain, layer) -> {
      Set<Holder> held = holders.getOrDefault(chain, Set.of());
      if (!layer.holders().equals(held)) {
        out.add(Violation.of("4", "layer " + chain + " has holders " + layer.holders()
            + ", held by " + held, chain));
      }
      if (!layer.isPresent() && layer.blob().isPresent()) {
        out.add(Violation.of("4", "freed layer " + chain + " keeps blob " + layer.blob().get(),
            chain));
      }
      if (layer.isPresent()) {
        layer.blob().ifPresent(blob -> {
          owned.add(blob);
          if (!s.blobFiles().contains(blob)) {
            out.add(Violation.of("4", "present layer " + chain + " lost its blob " + blob,
                chain));
          }
        });
      }
    });
    List<String> leaked = s.blobFiles().stream().filter(f -> !owned.contains(f)).sorted()
        .toList();
    if (!leaked.isEmpty()) {
      out.add(Violation.of("4 (blob)", leaked.size() + " layer blob files are owned by no"
          + " present layer (leaked): " + String.join(", ", leaked.subList(0,
              Math.min(3, leaked.size()))) + (leaked.size() > 3 ? ", ..." : "")));
    }
  }

  /**
   * 3: images and containers agree on use and on running. (A running container may use a
   * deleted image: {@code rmi -f} may delete it while the container is stopped, and the
   * container can start again, as with dockerd; {@link HistoryChecks} checks the delete.)
   */
  private static void containers(Snapshot s, List<Violation> out) {
    s.containers().forEach((id, container) -> {
      if (!container.exists()) {
        return;
      }
      ImageId imageId = container.spec().imageId();
      ImageState image = s.images().get(imageId);
      if (image == null || image.lifecycle() == ImageState.Lifecycle.ABSENT) {
        out.add(Violation.of("3", "container " + id + " uses image " + imageId
            + " that never existed", id, imageId));
        return;
      }
      Optional<ContainerUse> use = image.containers().stream()
          .filter(u -> u.containerId().equals(id)).findFirst();
      if (use.isEmpty() || use.get().running() != container.isRunning()) {
        out.add(Violation.of("3", "container " + id + " is " + container.status() + " on "
            + imageId + " but the image records " + use.map(u -> "running=" + u.running())
                .orElse("no use by it"), id, imageId));
      }
    });
    s.images().forEach((imageId, image) -> image.containers().forEach(use -> {
      ContainerState container = s.containers().get(use.containerId());
      if (container == null || !container.exists()
          || !container.spec().imageId().equals(imageId)) {
        out.add(Violation.of("3", image.lifecycle() + " image " + imageId + " records use by"
            + " container " + use.containerId() + " (running=" + use.running() + ") which is "
            + (container == null ? "unknown" : container.status()
                + (container.spec() == null ? "" : " on " + container.spec().imageId())),
            imageId, use.containerId()));
      }
    }));
  }
}
