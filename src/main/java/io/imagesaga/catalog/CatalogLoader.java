package io.imagesaga.catalog;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.Checkpoints;
import io.imagesaga.checkpoint.TagFold;
import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fills the {@link Catalog} at start from the journal: folds every image's and container's
 * tagged events with the entities' own {@code apply}, so the read side cannot disagree with
 * them, starting from the last checkpoint of those folds.
 */
public final class CatalogLoader {
  /**
   * The images the catalog needs. A deleted image is kept while containers still use it: they
   * survive its deletion and come back with it. Any other deleted image is as good as absent,
   * since registering it again sets everything the catalog shows (a difference remains in its
   * memory of saga steps, which only the entity itself answers from).
   */
  public static final TagFold<ImageState> IMAGES = new TagFold<>(ImageEntity.TAG,
      ImageState.absent(), (state, event) -> state.apply((ImageEvent) event),
      state -> state.isPresent() || !state.containers().isEmpty());

  /** The containers the catalog needs: those that exist; a removed one never comes back. */
  public static final TagFold<ContainerState> CONTAINERS = new TagFold<>(ContainerEntity.TAG,
      ContainerState.absent(), (state, event) -> state.apply((ContainerEvent) event),
      ContainerState::exists);

  private CatalogLoader() {}

  /**
   * Feeds the catalog what the journal holds now and returns the folds it was built from, for
   * saving. Every event read is counted in {@code read}.
   */
  public static CompletionStage<List<Checkpoint<?>>> load(
      Checkpoints checkpoints, CatalogFeed feed, LongAdder read) {
    return checkpoints.current(IMAGES, read).thenCompose(images -> {
      images.states().values().forEach(feed::changed);
      return checkpoints.current(CONTAINERS, read).thenApply(containers -> {
        containers.states().values().forEach(feed::accept);
        return List.of(images, containers);
      });
    });
  }
}
