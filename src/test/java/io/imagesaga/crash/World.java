package io.imagesaga.crash;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the driver ever made or named: images (with their layers), references (each name
 * is used once, so it only ever names one image), repositories and containers; plus what the
 * acknowledged answers say is gone, to steer random choices towards live objects. Thread-safe.
 */
final class World {
  private final String prefix;
  private final int repositoryCount;
  private final AtomicLong counter = new AtomicLong();
  private final Map<ImageId, TestImages.Image> images = new ConcurrentHashMap<>();
  private final List<TestImages.Image> imageList = Collections.synchronizedList(new ArrayList<>());
  private final Map<ImageId, List<ImageId>> children = new ConcurrentHashMap<>();
  private final Map<String, ImageId> refs = new ConcurrentHashMap<>();
  private final List<String> refNames = Collections.synchronizedList(new ArrayList<>());
  private final Map<ImageId, List<String>> refsOf = new ConcurrentHashMap<>();
  private final Set<String> repositories = ConcurrentHashMap.newKeySet();
  private final Set<Digest> layers = ConcurrentHashMap.newKeySet();
  private final Map<String, ImageId> containers = new ConcurrentHashMap<>();
  /** Every container name a create was sent with, answered or not. */
  private final Set<String> containerNames = ConcurrentHashMap.newKeySet();
  private final List<String> containerIds = Collections.synchronizedList(new ArrayList<>());
  private final Set<ImageId> believedDeleted = ConcurrentHashMap.newKeySet();
  private final Set<String> believedUntagged = ConcurrentHashMap.newKeySet();
  private final Set<String> believedRemoved = ConcurrentHashMap.newKeySet();

  World(String prefix, int repositoryCount) {
    this.prefix = prefix;
    this.repositoryCount = repositoryCount;
  }

  /** A name never used before: {@code <prefix><n % repos>:<kind><n>}. */
  String freshTag(String kind) {
    long n = counter.incrementAndGet();
    return prefix + (n % repositoryCount) + ":" + kind + n;
  }

  String freshContainerName() {
    String name = prefix + "-c" + counter.incrementAndGet();
    containerNames.add(name);
    return name;
  }

  /** A new image on {@code parent} with {@code tagCount} fresh tags, known from now on. */
  TestImages.Image newImage(Optional<TestImages.Image> parent, int tagCount) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < tagCount; i++) {
      tags.add(freshTag(parent.isEmpty() ? "b" : "i"));
    }
    TestImages.Image image = TestImages.image(prefix + "-" + counter.incrementAndGet(), parent,
        tags);
    images.put(image.id(), image);
    imageList.add(image);
    layers.addAll(image.chainIds());
    parent.ifPresent(p -> children.computeIfAbsent(p.id(),
        k -> Collections.synchronizedList(new ArrayList<>())).add(image.id()));
    tags.forEach(tag -> addRef(tag, image.id()));
    return image;
  }

  /** {@code count} chains of depth 2–4, parents first; leaves always tagged. */
  List<TestImages.Image> newChains(int count, Random rng) {
    List<TestImages.Image> out = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      int depth = 2 + rng.nextInt(3);
      Optional<TestImages.Image> parent = Optional.empty();
      for (int d = 0; d < depth; d++) {
        boolean leaf = d == depth - 1;
        int tags = leaf ? 1 + (rng.nextInt(3) == 0 ? 1 : 0) : rng.nextInt(10) < 3 ? 1 : 0;
        TestImages.Image image = newImage(parent, tags);
        out.add(image);
        parent = Optional.of(image);
      }
    }
    return out;
  }

  /** Records that {@code familiar} names {@code image} (before the request that makes it so). */
  void addRef(String familiar, ImageId image) {
    NamedReference ref = parse(familiar);
    refs.put(ref.toString(), image);
    refNames.add(familiar);
    refsOf.computeIfAbsent(image, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(familiar);
    repositories.add(ref.repository().name());
  }

  void addContainer(String id, ImageId image) {
    containers.put(id, image);
    containerIds.add(id);
  }

  /** The full normalised form of a familiar reference ({@code docker.io/library/x:t}). */
  static String normalize(String familiar) {
    return parse(familiar).toString();
  }

  static NamedReference parse(String familiar) {
    try {
      return References.parseNormalizedNamed(familiar).withDefaultTag();
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(familiar, e);
    }
  }

  TestImages.Image image(ImageId id) {
    return images.get(id);
  }

  boolean isImage(String id) {
    return id.startsWith("sha256:") && images.containsKey(ImageId.parse(id));
  }

  Optional<ImageId> imageOfRef(String normalized) {
    return Optional.ofNullable(refs.get(normalized));
  }

  List<ImageId> childrenOf(ImageId id) {
    List<ImageId> list = children.getOrDefault(id, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** {@code id} and every image below it (children, grandchildren...). */
  Set<ImageId> withDescendants(ImageId id) {
    Set<ImageId> out = new java.util.HashSet<>();
    List<ImageId> todo = new ArrayList<>(List.of(id));
    while (!todo.isEmpty()) {
      ImageId next = todo.remove(todo.size() - 1);
      if (out.add(next)) {
        todo.addAll(childrenOf(next));
      }
    }
    return out;
  }

  Set<ImageId> imageIds() {
    return Set.copyOf(images.keySet());
  }

  Set<Digest> layerIds() {
    return Set.copyOf(layers);
  }

  Set<String> repositories() {
    return Set.copyOf(repositories);
  }

  Map<String, ImageId> refs() {
    return Map.copyOf(refs);
  }

  Map<String, ImageId> containers() {
    return Map.copyOf(containers);
  }

  Set<String> containerNames() {
    return Set.copyOf(containerNames);
  }

  void believeDeleted(ImageId id) {
    believedDeleted.add(id);
  }

  void believeUntagged(String normalized) {
    believedUntagged.add(normalized);
  }

  void believeRemoved(String container) {
    believedRemoved.add(container);
  }

  int believedLiveImages() {
    return images.size() - believedDeleted.size();
  }

  /** A random image, mostly one not known to be deleted. */
  TestImages.Image pickImage(Random rng) {
    synchronized (imageList) {
      TestImages.Image pick = imageList.get(rng.nextInt(imageList.size()));
      for (int i = 0; i < 8 && believedDeleted.contains(pick.id()); i++) {
        pick = imageList.get(rng.nextInt(imageList.size()));
      }
      return pick;
    }
  }

  /** A random reference (familiar), mostly one not known to be untagged; null if none. */
  String pickRef(Random rng) {
    synchronized (refNames) {
      if (refNames.isEmpty()) {
        return null;
      }
      String pick = refNames.get(rng.nextInt(refNames.size()));
      for (int i = 0; i < 8 && believedUntagged.contains(normalize(pick)); i++) {
        pick = refNames.get(rng.nextInt(refNames.size()));
      }
      return pick;
    }
  }

  /** A random container, mostly one not known to be removed; null if none. */
  String pickContainer(Random rng) {
    synchronized (containerIds) {
      if (containerIds.isEmpty()) {
        return null;
      }
      // Half the picks go to the newest few, so that starts, stops and removes collide.
      int hot = Math.min(6, containerIds.size());
      String pick = rng.nextBoolean()
          ? containerIds.get(containerIds.size() - 1 - rng.nextInt(hot))
          : containerIds.get(rng.nextInt(containerIds.size()));
      for (int i = 0; i < 8 && believedRemoved.contains(pick); i++) {
        pick = containerIds.get(rng.nextInt(containerIds.size()));
      }
      return pick;
    }
  }

  /** A name for {@code image}: one of its tags, or its ID in full, short or prefix form. */
  String nameFor(TestImages.Image image, Random rng) {
    List<String> tags = refsOf.getOrDefault(image.id(), List.of());
    synchronized (tags) {
      List<String> live = tags.stream().filter(t -> !believedUntagged.contains(normalize(t)))
          .toList();
      if (!live.isEmpty() && rng.nextInt(3) > 0) {
        return live.get(rng.nextInt(live.size()));
      }
    }
    return idName(image.id(), rng);
  }

  static String idName(ImageId id, Random rng) {
    return switch (rng.nextInt(4)) {
      case 0 -> id.toString();
      case 1 -> id.hex();
      case 2 -> id.shortId();
      default -> id.hex().substring(0, 10 + rng.nextInt(20));
    };
  }
}
