package io.imagesaga.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.Entities;
import io.imagesaga.catalog.NameResolver.Resolved;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.TarStream;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code docker save}: the named images in the older {@code docker save} layout, with their
 * {@code Parent} links, parents before children, so that {@link ImageLoader} (or dockerd)
 * restores the same IDs, tags and parents. A name that is a tag saves that tag; an ID saves
 * no tag. The archive is written as the client reads it, never to a file; the save leases its
 * images (see {@link ImportLeases}) from before it answers until its stream ends, however it
 * ends, so that deleting one meanwhile is a hard conflict instead of a broken archive.
 */
public final class ImageSaver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;
  private final Entities entities;
  private final BlobStore blobs;
  private final Executor blocking;
  private final Clock clock;

  public ImageSaver(ImageService images, Entities entities, BlobStore blobs, Executor blocking) {
    this(images, entities, blobs, blocking, Clock.systemUTC());
  }

  ImageSaver(ImageService images, Entities entities, BlobStore blobs, Executor blocking,
      Clock clock) {
    this.images = images;
    this.entities = entities;
    this.blobs = blobs;
    this.blocking = blocking;
    this.clock = clock;
  }

  /**
   * The archive, as a stream to run once. A save whose stream is never run keeps its images
   * until its leases expire.
   */
  public CompletionStage<Source<ByteString, NotUsed>> save(List<String> names) {
    Map<ImageId, List<String>> tags = new LinkedHashMap<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String name : names) {
      chain = chain.thenCompose(done -> images.resolver().resolve(name))
          .thenAccept(resolved -> tags.computeIfAbsent(resolved.id(), id -> new ArrayList<>())
              .addAll(tagOf(resolved)));
    }
    return chain.thenCompose(done -> {
      Hold hold = new Hold(List.copyOf(tags.keySet()));
      return hold.take()
          .thenCompose(held -> states(hold.ids))
          .thenApplyAsync(states -> entries(states, tags), blocking)
          .thenCompose(entries -> announceAll(tags.keySet()).thenApply(announced ->
              stream(entries, hold)))
          .whenComplete((stream, failure) -> {
            if (failure != null) {
              hold.end();
            }
          });
    });
  }

  /** The archive read as the client takes it; the hold ends when the stream does. */
  private static Source<ByteString, NotUsed> stream(List<TarStream.Entry> entries, Hold hold) {
    return Source.unfoldResource(() -> new TarStream(entries), archive -> {
      hold.renewIfDue();
      return archive.next().map(ByteString::fromArrayUnsafe);
    }, archive -> {
      try {
        archive.close();
      } finally {
        hold.end().toCompletableFuture().join();
      }
    });
  }

  /**
   * The save's leases on its images. They are renewed while the archive streams, so that a
   * save longer than {@link ImportLeases#TTL} keeps its images; one that dies loses them when
   * they expire.
   */
  private final class Hold {
    private final ImportLeases leases = new ImportLeases(entities, clock, "save");
    private final List<ImageId> ids;
    private volatile Instant renewAt = Instant.MIN;

    Hold(List<ImageId> ids) {
      this.ids = ids;
    }

    /** Leases every image; fails with {@code No such image} if one has gone meanwhile. */
    CompletionStage<Void> take() {
      renewAt = clock.instant().plus(ImportLeases.TTL.dividedBy(2));
      return CompletableFuture.allOf(ids.stream()
          .map(id -> Entities.confirmed(leases.hold(id)).toCompletableFuture())
          .toArray(CompletableFuture[]::new));
    }

    /** Blocking: called from the stream's own thread. */
    void renewIfDue() {
      if (!clock.instant().isBefore(renewAt)) {
        take().toCompletableFuture().join();
      }
    }

    CompletionStage<Void> end() {
      return leases.end(ids);
    }
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

  /** The archive's entries: each image's config and layers, then {@code manifest.json}. */
  private List<TarStream.Entry> entries(List<ImageState> states,
      Map<ImageId, List<String>> tags) {
    try {
      List<TarStream.Entry> entries = new ArrayList<>();
      ArrayNode manifest = JSON.createArrayNode();
      Set<String> written = new HashSet<>();
      for (ImageState image : states) {
        manifest.add(image(image, tags.get(image.id()), entries, written));
      }
      entries.add(new TarStream.Entry.Bytes("manifest.json", JSON.writeValueAsBytes(manifest)));
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the image's config and the layers not yet written; its item of the manifest. */
  private ObjectNode image(ImageState image, List<String> tags, List<TarStream.Entry> entries,
      Set<String> written) throws IOException {
    byte[] config = blobs.get(image.id().digest()).toCompletableFuture().join()
        .orElseThrow(() -> new IllegalStateException("config of " + image.id() + " missing"));
    entries.add(new TarStream.Entry.Bytes(image.id().hex() + ".json", config));
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
      if (written.add(path)) {
        entries.add(new TarStream.Entry.File(path, content(chain.get(i), diffIds.get(i))));
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
}
