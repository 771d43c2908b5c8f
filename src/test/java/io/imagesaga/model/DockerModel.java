package io.imagesaga.model;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.DigestReference;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.ParsedReference;
import io.imagesaga.reference.References;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * dockerd's graphdriver image store, reference store and container list as plain mutable maps,
 * with moby's image_delete.go (2019) transcribed as literally as Java allows. A test oracle:
 * obviously correct beats fast. "The first container" is the earliest-created one.
 */
public final class DockerModel {
  record Image(ImageId id, ImageId parent, String topLayer) {}

  record Layer(String parent, int count) {}

  public record ImageView(ImageId id, ImageId parent, List<String> references,
      List<ImageId> children, List<String> containers) {}

  public record ContainerView(ImageId imageId, boolean running) {}

  private final Map<ImageId, Image> images = new HashMap<>();
  private final TreeMap<String, ImageId> refs = new TreeMap<>();
  private final Map<String, Layer> layers = new HashMap<>();
  private final LinkedHashMap<String, ContainerView> containers = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();

  public ModelResult register(ImageId id, ImageId parent, List<Digest> diffIds,
      List<Long> sizes) {
    return run(() -> {
      if (images.containsKey(id)) {
        return List.of();
      }
      if (parent != null && !images.containsKey(parent)) {
        throw new ModelError(404, "No such image: " + parent);
      }
      String top = null;
      List<String> chain = new ArrayList<>();
      for (Digest diffId : diffIds) {
        top = top == null ? diffId.toString() : Digest.sha256((top + " " + diffId)
            .getBytes(StandardCharsets.UTF_8)).toString();
        chain.add(top);
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        Layer existing = layers.get(chain.get(i));
        if (existing != null) {
          layers.put(chain.get(i), new Layer(existing.parent(), existing.count() + 1));
          break;
        }
        layers.put(chain.get(i), new Layer(i == 0 ? null : chain.get(i - 1), 1));
      }
      images.put(id, new Image(id, parent, top));
      return List.of();
    });
  }

  public ModelResult tag(String source, String target) {
    return run(() -> {
      ImageId id = getImage(source);
      NamedReference ref = parseNamed(target);
      if (ref.isCanonical()) {
        throw new ModelError(400, "refusing to create a tag with a digest reference");
      }
      refs.put(ref.withDefaultTag().toString(), id);
      return List.of();
    });
  }

  public ModelResult addDigestReference(String reference, ImageId id) {
    return run(() -> {
      refs.put(parseNamed(reference).toString(), id);
      return List.of();
    });
  }

  public ModelResult createContainer(String containerId, String imageRef) {
    return run(() -> {
      containers.put(containerId, new ContainerView(getImage(imageRef), false));
      return List.of();
    });
  }

  public ModelResult start(String id) {
    return run(() -> setRunning(id, true));
  }

  public ModelResult stop(String id) {
    return run(() -> setRunning(id, false));
  }

  public ModelResult removeContainer(String id, boolean force) {
    return run(() -> {
      ContainerView c = container(id);
      if (c.running() && !force) {
        throw new ModelError(409, "cannot remove container \"" + id + "\": container is running:"
            + " stop the container before removing or force remove");
      }
      containers.remove(id);
      return List.of();
    });
  }

  /** moby's ImageDelete. */
  public ModelResult rmi(String imageRef, boolean force, boolean prune) {
    return run(() -> new Deletion(this).imageDelete(imageRef, force, prune));
  }

  private List<String> setRunning(String id, boolean running) {
    ContainerView c = container(id);
    containers.put(id, new ContainerView(c.imageId(), running));
    return List.of();
  }

  private ContainerView container(String id) {
    ContainerView c = containers.get(id);
    if (c == null) {
      throw new ModelError(404, "No such container: " + id);
    }
    return c;
  }

  /** The image {@code imageRef} names now, as {@code rmi} resolves it; empty if none. */
  public Optional<ImageId> resolve(String imageRef) {
    try {
      return Optional.of(getImage(imageRef));
    } catch (ModelError e) {
      return Optional.empty();
    }
  }

  /** moby's GetImage. */
  ImageId getImage(String imageRef) {
    ParsedReference parsed;
    try {
      parsed = References.parseAny(imageRef);
    } catch (InvalidReferenceException e) {
      throw new ModelError(400, e.getMessage());
    }
    if (parsed instanceof DigestReference d) {
      ImageId id = ImageId.parse(d.digest().toString());
      if (!images.containsKey(id)) {
        throw new ModelError(404, "No such image: " + d.digest());
      }
      return id;
    }
    NamedReference named = (NamedReference) parsed;
    ImageId byRef = refs.get(named.withDefaultTag().favorDigest().toString());
    if (byRef != null) {
      return byRef;
    }
    String hexPrefix = imageRef.startsWith("sha256:") ? imageRef.substring(7) : imageRef;
    List<ImageId> matches = imageRef.isEmpty() || hexPrefix.isEmpty()
        || (imageRef.contains(":") && !imageRef.startsWith("sha256:")) ? List.of()
        : images.keySet().stream().filter(i -> i.hex().startsWith(hexPrefix)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new ModelError(404, "No such image: " + named.withDefaultTag().familiarString());
  }

  NamedReference parseNamed(String s) {
    try {
      return References.parseNormalizedNamed(s);
    } catch (InvalidReferenceException e) {
      throw new ModelError(400, e.getMessage());
    }
  }

  /** References to {@code id}, sorted by their full string. */
  List<NamedReference> referencesOf(ImageId id) {
    List<NamedReference> list = new ArrayList<>();
    refs.forEach((ref, target) -> {
      if (target.equals(id)) {
        list.add(parseNamed(ref));
      }
    });
    return list;
  }

  List<ImageId> childrenOf(ImageId id) {
    return images.values().stream().filter(i -> id.equals(i.parent())).map(Image::id)
        .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
  }

  List<String> containersUsing(ImageId id, Boolean running) {
    List<String> ids = new ArrayList<>();
    containers.forEach((cid, c) -> {
      if (c.imageId().equals(id) && (running == null || c.running() == running)) {
        ids.add(cid);
      }
    });
    return ids;
  }

  Map<ImageId, Image> imageStore() {
    return images;
  }

  TreeMap<String, ImageId> referenceStore() {
    return refs;
  }

  Map<String, Layer> layerStore() {
    return layers;
  }

  void event(String action, ImageId id) {
    events.add(action + " " + id);
  }

  public Map<ImageId, ImageView> images() {
    Map<ImageId, ImageView> views = new HashMap<>();
    images.values().forEach(i -> views.put(i.id(), new ImageView(i.id(), i.parent(),
        referencesOf(i.id()).stream().map(NamedReference::toString).toList(),
        childrenOf(i.id()), containersUsing(i.id(), null))));
    return views;
  }

  public Map<String, Integer> layerRefCounts() {
    Map<String, Integer> counts = new HashMap<>();
    layers.forEach((chain, layer) -> counts.put(chain, layer.count()));
    return counts;
  }

  public Map<String, ContainerView> containers() {
    return new LinkedHashMap<>(containers);
  }

  public List<String> events() {
    return List.copyOf(events);
  }

  /** Invariants 1, 2 and 4 of docs/design.md over the model itself. */
  public List<String> checkInvariants() {
    return ModelInvariants.check(this);
  }

  private static ModelResult run(Supplier<List<String>> operation) {
    try {
      return new ModelResult.Ok(operation.get());
    } catch (ModelError e) {
      return new ModelResult.Error(e.status, e.getMessage());
    }
  }
}
