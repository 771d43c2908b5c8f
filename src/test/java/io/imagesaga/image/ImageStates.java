package io.imagesaga.image;

import io.imagesaga.image.ImageEvent.ChildAdded;
import io.imagesaga.image.ImageEvent.ContainerAttached;
import io.imagesaga.image.ImageEvent.ContainerStateChanged;
import io.imagesaga.image.ImageEvent.ReferenceAdded;
import io.imagesaga.image.ImageEvent.Registered;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Builds image states for domain tests by applying events, as recovery would. */
final class ImageStates {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ImageId PARENT = id("parent");
  static final ImageId CHILD = id("child");
  static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
  static final String C1 = "c1".repeat(32);
  static final String C2 = "c2".repeat(32);

  private ImageState state;

  private ImageStates(ImageId id, Optional<ImageId> parent) {
    state = ImageState.absent().apply(new Registered(new ImageMetadata(id, parent,
        Optional.of(LAYER), T0, "linux", 10, Map.of()), "op-register",
        Optional.empty(), T0));
  }

  static ImageStates image(ImageId id) {
    return new ImageStates(id, Optional.empty());
  }

  static ImageStates childOf(ImageId id, ImageId parent) {
    return new ImageStates(id, Optional.of(parent));
  }

  static ImageId id(String seed) {
    return ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
  }

  static NamedReference ref(String text) {
    try {
      return References.parseNormalizedNamed(text).withDefaultTag();
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String digestRef(String repository, String seed) {
    return repository + "@" + Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  ImageStates refs(String... refs) {
    for (String r : refs) {
      state = state.apply(new ReferenceAdded(ref(r), T0));
    }
    return this;
  }

  ImageStates child(ImageId child) {
    state = state.apply(new ChildAdded(child, 1, T0));
    return this;
  }

  ImageStates stopped(String containerId) {
    state = state.apply(new ContainerAttached(containerId, T0));
    return this;
  }

  ImageStates running(String containerId) {
    stopped(containerId);
    state = state.apply(new ContainerStateChanged(containerId, true, T0));
    return this;
  }

  ImageState get() {
    return state;
  }
}
