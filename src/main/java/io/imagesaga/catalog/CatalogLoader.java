package io.imagesaga.catalog;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.TagFold;
import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import java.util.List;
import java.util.concurrent.CompletionStage;

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
   * Feeds the catalog {@code images} and {@code containers}, the folds of what the journal
   * holds now ({@code Checkpoints.current}), and returns them, for saving.
   */
  public static CompletionStage<List<Checkpoint<?>>> load(
      CompletionStage<Checkpoint<ImageState>> images,
      CompletionStage<Checkpoint<ContainerState>> containers, CatalogFeed feed) {
    return images.thenCombine(containers, (imageFold, containerFold) -> {
      imageFold.states().values().forEach(feed::changed);
      containerFold.states().values().forEach(feed::accept);
      return List.of(imageFold, containerFold);
    });
  }
}
