package io.imagesaga.modelcheck;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.Optional;

/** One step of a random sequence, applied to the model and to the node alike. */
public sealed interface Op {

  /** A {@code docker load} of one image, then its tags. */
  record Register(String seed, Optional<ImageId> parent, List<Digest> diffIds, List<String> tags)
      implements Op {}

  record Tag(String source, String target) implements Op {}

  record AddDigest(String reference, ImageId image) implements Op {}

  record Create(String containerId, String image) implements Op {}

  record Start(String containerId) implements Op {}

  record Stop(String containerId) implements Op {}

  record Remove(String containerId, boolean force) implements Op {}

  record Rmi(String name, boolean force, boolean prune) implements Op {}
}
