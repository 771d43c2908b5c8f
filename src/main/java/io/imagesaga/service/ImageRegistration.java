package io.imagesaga.service;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.Optional;

/**
 * An image as a load or pull delivers it.
 *
 * @param config the image config JSON, byte for byte: its sha256 is the image ID
 * @param layers the layers bottom first; with a parent, the parent's layers come first
 * @param tags names to point at the image once it is registered ({@code busybox:1.36})
 */
public record ImageRegistration(
    byte[] config, List<LayerSpec> layers, Optional<ImageId> parent, List<String> tags) {

  public ImageRegistration {
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
  }

  /** One layer: the digest of its uncompressed tar and that tar's size. */
  public record LayerSpec(Digest diffId, long size) {}
}
