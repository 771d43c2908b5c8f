package io.imagesaga.service;

import io.imagesaga.content.BlobStore;
import io.imagesaga.content.Layers;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An image as a load or pull delivers it.
 *
 * @param config the image config JSON, byte for byte: its sha256 is the image ID
 * @param layers the layers bottom first; with a parent, the parent's layers come first
 * @param tags names to point at the image once it is registered ({@code busybox:1.36})
 * @param lease the import's hold on the image, see {@link ImportLeases}
 */
public record ImageRegistration(byte[] config, List<LayerSpec> layers,
    Optional<ImageId> parent, List<String> tags, Optional<ImageState.Lease> lease) {

  public ImageRegistration {
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
  }

  /** A registration outside any import (tests, benchmarks). */
  public ImageRegistration(
      byte[] config, List<LayerSpec> layers, Optional<ImageId> parent, List<String> tags) {
    this(config, layers, parent, tags, Optional.empty());
  }

  /**
   * One layer: the digest of its uncompressed tar and that tar's size.
   *
   * @param blob the tar, staged in the blob store, when the content was delivered
   */
  public record LayerSpec(Digest diffId, long size, Optional<String> blob) {

    /**
     * Stages each verified layer into the blob store, bottom first; a layer that fails (a full
     * disk, a failed fsync) takes those staged before it out of the store again, as no layer
     * owns them yet and no registration will discard them. Blocking, the discards included.
     */
    public static List<LayerSpec> stage(BlobStore blobs, List<Layers.Uncompressed> layers)
        throws IOException {
      List<LayerSpec> specs = new ArrayList<>();
      try {
        for (Layers.Uncompressed layer : layers) {
          specs.add(new LayerSpec(layer.diffId(), layer.size(),
              Optional.of(blobs.stageLayer(layer))));
        }
      } catch (IOException | RuntimeException e) {
        CompletableFuture.allOf(specs.stream()
            .map(spec -> blobs.discard(spec.blob().orElseThrow()).toCompletableFuture())
            .toArray(CompletableFuture[]::new)).join();
        throw e;
      }
      return specs;
    }

    /** A layer known by its digest only (tests, benchmarks). */
    public LayerSpec(Digest diffId, long size) {
      this(diffId, size, Optional.empty());
    }
  }
}
