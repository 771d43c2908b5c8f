package io.imagesaga.image;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What an image is, fixed when it is registered: identity, ancestry, its top layer and the
 * summary of its config that listings need.
 *
 * @param topLayer chain ID of the image's top layer; empty for an image without layers
 * @param size sum of the diff sizes of all its layers, as {@code docker images} reports it
 */
public record ImageMetadata(
    ImageId id,
    Optional<ImageId> parent,
    Optional<Digest> topLayer,
    Instant created,
    String os,
    long size,
    Map<String, String> labels)
    implements CborSerializable {

  public ImageMetadata {
    labels = Map.copyOf(labels);
  }
}
