package io.imagesaga.crash;

import io.imagesaga.Entities;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerNameCommand;
import io.imagesaga.container.ContainerNameEntity;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.repository.RepositoryState;
import io.imagesaga.testkit.NodeDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The entity states of everything the driver knows of, read from a quiescent node: every image,
 * layer and repository it made or named, and every container it created, any image lists or the
 * catalog lists, and every container name it used or an existing container carries; plus the
 * layer blob files on disk.
 */
record Snapshot(
    Map<ImageId, ImageState> images,
    Map<Digest, LayerState> layers,
    Map<String, RepositoryState> repositories,
    Map<String, ContainerState> containers,
    Map<String, ContainerNameEntity.Holder> names,
    Set<String> blobFiles) {

  private static final int BATCH = 256;

  static Snapshot read(NodeDriver node, World world, Path dataDir) throws IOException {
    Entities entities = node.entities();
    Map<ImageId, ImageState> images = ask(world.imageIds(),
        id -> entities.<ImageState>image(id, ImageCommand.Get::new).toCompletableFuture());
    Map<Digest, LayerState> layers = ask(world.layerIds(),
        id -> entities.<LayerState>layer(id, LayerCommand.Get::new).toCompletableFuture());
    Set<String> repositoryNames = new HashSet<>(world.repositories());
    images.values().forEach(i -> i.references().forEach(
        r -> repositoryNames.add(r.repository().name())));
    Map<String, RepositoryState> repositories = ask(repositoryNames, name ->
        entities.<RepositoryState>repository(name, RepositoryCommand.Get::new)
            .toCompletableFuture());
    Set<String> containerIds = new HashSet<>(world.containers().keySet());
    images.values().forEach(i -> i.containers().forEach(c -> containerIds.add(c.containerId())));
    NodeDriver.await(node.node().containers().list())
        .forEach(c -> containerIds.add(c.spec().id()));
    Map<String, ContainerState> containers = ask(containerIds, id ->
        entities.<ContainerState>container(id, ContainerCommand.Get::new).toCompletableFuture());
    Set<String> nameSet = new HashSet<>(world.containerNames());
    containers.values().stream().filter(ContainerState::exists)
        .forEach(c -> nameSet.add(c.spec().name()));
    Map<String, ContainerNameEntity.Holder> names = ask(nameSet, name -> entities
        .<ContainerNameEntity.Holder>containerName(name, ContainerNameCommand.Get::new)
        .toCompletableFuture());
    return new Snapshot(images, layers, repositories, containers, names, blobFiles(dataDir));
  }

  private static Set<String> blobFiles(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("blobs").resolve("layers");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(
          java.util.stream.Collectors.toSet());
    }
  }

  /** Asks in batches, so that a few thousand recoveries do not all start at once. */
  private static <K, V> Map<K, V> ask(Set<K> keys, Function<K, CompletableFuture<V>> get) {
    Map<K, V> out = new HashMap<>();
    List<K> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<K> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      List<CompletableFuture<V>> asks = batch.stream().map(get).toList();
      for (int i = 0; i < batch.size(); i++) {
        out.put(batch.get(i), NodeDriver.await(asks.get(i)));
      }
    }
    return out;
  }

  /** The image a reference points at in its repository, if any. */
  ImageId lookup(String normalized) {
    NamedReference ref = World.parse(normalized);
    RepositoryState repository = repositories.get(ref.repository().name());
    return repository == null ? null : repository.references().get(normalized);
  }

  boolean isUsedBy(ImageId image, String container) {
    ImageState state = images.get(image);
    return state != null && state.containers().stream().map(ContainerUse::containerId)
        .anyMatch(container::equals);
  }
}
