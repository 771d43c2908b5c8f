package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.service.ImageService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /images/json}'s selection, for callers other than the route: a fleet's host agent
 * answers another agent's {@code /imagesaga/fleet/images} with it, filters and all.
 */
public final class ImageQuery {

  /** An image the query selected, with the references the {@code reference} filter kept. */
  public record Match(CatalogImage image, List<String> repoTags, List<String> repoDigests) {}

  private ImageQuery() {}

  /**
   * @param filtersJson the {@code filters} parameter as the Engine API takes it
   * @return the matches, newest first; failed with a {@link RejectedException} (400) for bad
   *     filters, or when a {@code before}/{@code since} image does not exist
   */
  public static CompletionStage<List<Match>> run(
      ImageService images, Optional<String> filtersJson, boolean all) {
    Filters filters;
    try {
      filters = Filters.parse(filtersJson, ImageListing.FILTERS);
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return createdOf(images, filters.get("before"))
        .thenCombine(createdOf(images, filters.get("since")), List::of)
        .thenCompose(bounds -> images.list().thenApply(list ->
            ImageListing.list(list, all, filters, bounds.get(0), bounds.get(1))));
  }

  /** The created time of the image a {@code before}/{@code since} filter names. */
  static CompletionStage<Optional<Instant>> createdOf(ImageService images, List<String> names) {
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return images.inspect(names.get(0))
        .thenApply(image -> Optional.of(image.metadata().created()));
  }
}
