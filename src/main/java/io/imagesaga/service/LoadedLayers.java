package io.imagesaga.service;

import io.imagesaga.content.ByteBudget;
import io.imagesaga.content.Layers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The layers of one {@code docker load}: each file of the archive decompressed once, however
 * many times its manifest names it (a base layer shared by the images of a save, links to one
 * file), every byte spent from the load's budget; and each use given a file of its own to
 * stage, since the store keeps one blob per layer that owns it. One load, one thread.
 */
final class LoadedLayers {
  private final Path dir;
  private final ByteBudget budget;
  private final Map<Path, Layers.Uncompressed> bySource = new HashMap<>();
  private final Set<Path> handedOut = new HashSet<>();
  private int files;

  /** @param dir where the decompressed files go: a directory of the load's own */
  LoadedLayers(Path dir, ByteBudget budget) {
    this.dir = dir;
    this.budget = budget;
  }

  /** The decompressed content of {@code source}, a file of the archive. Blocking. */
  Layers.Uncompressed of(Path source) throws IOException {
    Layers.Uncompressed layer = bySource.get(source);
    if (layer == null) {
      Files.createDirectories(dir);
      layer = Layers.uncompress(source, next(), budget);
      bySource.put(source, layer);
    }
    return layer;
  }

  /**
   * A file to stage for one use of {@code layer}: the decompressed file itself the first time,
   * then a duplicate ({@link Layers#duplicate}: a hard link, else a copy spent from the budget).
   * Blocking.
   */
  Layers.Uncompressed own(Layers.Uncompressed layer) throws IOException {
    return handedOut.add(layer.file()) ? layer : Layers.duplicate(layer, next(), budget);
  }

  private Path next() {
    return dir.resolve("layer-" + files++);
  }
}
