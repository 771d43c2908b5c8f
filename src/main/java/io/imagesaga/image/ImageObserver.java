package io.imagesaga.image;

/**
 * Told of every persisted change of an image, before the change is acknowledged, so that a
 * read side fed by it answers a client's next query with that client's own write.
 * Implementations must not block: they run inside the entity.
 */
@FunctionalInterface
public interface ImageObserver {
  void changed(ImageState state);

  ImageObserver NONE = state -> {};
}
