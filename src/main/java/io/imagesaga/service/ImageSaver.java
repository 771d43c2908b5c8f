package io.imagesaga.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.Entities;
import io.imagesaga.catalog.NameResolver.Resolved;
import io.imagesaga.content.BlobStore;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: the named images in the older {@code docker save} layout, with their
 * {@code Parent} links, parents before children, so that {@link ImageLoader} (or dockerd)
 * restores the same IDs, tags and parents. A name that is a tag saves that tag; an ID saves
 * no tag.
 */
public final class ImageSaver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;
  private final Entities entities;
  private final BlobStore blobs;
  private final Executor blocking;

  public ImageSaver(ImageService images, Entities entities, BlobStore blobs, Executor blocking) {
    this.images = images;
    this.entities = entities;
    this.blobs = blobs;
    this.blocking = blocking;
  }

  /** Writes the archive to a temporary file, which the caller streams and deletes. */
  public CompletionStage<Path> save(List<String> names) {
    Map<ImageId, List<String>> tags = new LinkedHashMap<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String name : names) {
      chain = chain.thenCompose(done -> images.resolver().resolve(name))
          .thenAccept(resolved -> tags.computeIfAbsent(resolved.id(), id -> new ArrayList<>())
              .addAll(tagOf(resolved)));
    }
    return chain.thenCompose(done -> states(new ArrayList<>(tags.keySet())))
        .thenApplyAsync(states -> write(states, tags), blocking)
        .thenCompose(file -> announceAll(tags.keySet()).thenApply(done -> file));
  }

  /** dockerd emits one {@code save} event per image saved. */
  private CompletionStage<Void> announceAll(Iterable<ImageId> saved) {
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (ImageId id : saved) {
      chain = chain.thenCompose(done -> images.announce(id, "save", id.toString()))
          .thenAccept(done -> {});
    }
    return chain;
  }

  private static List<String> tagOf(Resolved resolved) {
    return resolved.name().filter(n -> !n.isCanonical() && !resolved.id().hasPrefix(
            n.familiarString()))
        .map(n -> List.of(n.withDefaultTag().familiarString())).orElse(List.of());
  }

  private CompletionStage<List<ImageState>> states(List<ImageId> ids) {
    List<CompletableFuture<ImageState>> all = ids.stream()
        .map(id -> images.inspect(id.toString()).toCompletableFuture()).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> parentsFirst(all.stream().map(CompletableFuture::join).toList()));
  }

  private static List<ImageState> parentsFirst(List<ImageState> states) {
    List<ImageState> ordered = new ArrayList<>(states);
    ordered.sort((a, b) -> Integer.compare(depth(a, states), depth(b, states)));
    return ordered;
  }

  private static int depth(ImageState image, List<ImageState> all) {
    int depth = 0;
    var parent = image.metadata().parent();
    while (parent.isPresent()) {
      depth++;
      ImageId p = parent.get();
      parent = all.stream().filter(s -> s.id().equals(p)).findFirst()
          .flatMap(s -> s.metadata().parent());
    }
    return depth;
  }

  private Path write(List<ImageState> states, Map<ImageId, List<String>> tags) {
    try {
      Path file = Files.createTempFile("imagesaga-save", ".tar");
      try (OutputStream out = Files.newOutputStream(file);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        ArrayNode manifest = JSON.createArrayNode();
        List<String> written = new ArrayList<>();
        for (ImageState image : states) {
          manifest.add(writeImage(tar, image, tags.get(image.id()), written));
        }
        put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode writeImage(TarArchiveOutputStream tar, ImageState image, List<String> tags,
      List<String> written) throws IOException {
    byte[] config = blobs.get(image.id().digest()).toCompletableFuture().join()
        .orElseThrow(() -> new IllegalStateException("config of " + image.id() + " missing"));
    put(tar, image.id().hex() + ".json", config);
    ObjectNode item = JSON.createObjectNode();
    item.put("Config", image.id().hex() + ".json");
    ArrayNode repoTags = item.putArray("RepoTags");
    tags.forEach(repoTags::add);
    ArrayNode layers = item.putArray("Layers");
    List<Digest> diffIds = new ArrayList<>();
    JSON.readTree(config).path("rootfs").path("diff_ids")
        .forEach(d -> diffIds.add(Digest.fromJson(d.asText())));
    List<Digest> chain = ChainIds.of(diffIds);
    for (int i = 0; i < diffIds.size(); i++) {
      String path = diffIds.get(i).encoded() + "/layer.tar";
      layers.add(path);
      if (!written.contains(path)) {
        put(tar, path, content(chain.get(i), diffIds.get(i)));
        written.add(path);
      }
    }
    image.metadata().parent().ifPresent(p -> item.put("Parent", p.toString()));
    return item;
  }

  /** The layer's own blob; layers stored before layers owned blobs are found by diff ID. */
  private Path content(Digest chainId, Digest diffId) {
    LayerState layer = entities.<LayerState>layer(chainId, LayerCommand.Get::new)
        .toCompletableFuture().join();
    return layer.blob().map(blobs::layerPath).orElseGet(() -> blobs.path(diffId));
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void put(TarArchiveOutputStream tar, String name, Path file)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(file));
    tar.putArchiveEntry(entry);
    Files.copy(file, tar);
    tar.closeArchiveEntry();
  }
}
