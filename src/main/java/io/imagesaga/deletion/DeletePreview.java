package io.imagesaga.deletion;

import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.References;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Dry runs (an imagesaga extension): what {@code docker rmi} or {@code docker image prune}
 * would answer now, records and rejections alike, changing nothing and journaling nothing. The
 * name is resolved and checked as the delete would ({@link DeletePlanner}), then the delete is
 * played out in a {@link PreviewWorld}. The answer holds for the states read: a request that
 * comes between the dry run and the delete may change what the delete does.
 */
public final class DeletePreview {
  private final Entities entities;
  private final NameResolver resolver;
  private final Clock clock;

  /** @param entities the client entities: a timeout is a 503 naming what did not answer */
  public DeletePreview(Entities entities, NameResolver resolver, Clock clock) {
    this.entities = entities;
    this.resolver = resolver;
    this.clock = clock;
  }

  /**
   * The records {@code DELETE /images/{name}} would answer, or a stage failed with the
   * rejection it would answer; {@code expected} and {@code protectedPatterns} as the
   * conditional delete and {@link Deletions#deleteOnce} take them.
   */
  public CompletionStage<List<DeleteRecord>> delete(String name, DeleteOptions options,
      Optional<ImageId> expected, List<String> protectedPatterns) {
    DeletionCommand.Start request = new DeletionCommand.Start(name, options, expected,
        Provenance.UNRECORDED, protectedPatterns, null);
    return DeletePlanner.plan(resolver,
            image -> entities.<ImageState>image(image, ImageCommand.Get::new), request)
        .thenCompose(plan -> new PreviewWorld(entities, clock.instant()).delete(plan));
  }

  /**
   * What a prune would delete, pass after pass as {@link ImagePrune} runs them, each delete
   * seeing what the earlier ones freed; images {@code protectedPatterns} covers are no
   * candidates.
   */
  public CompletionStage<ImagePrune.Report> prune(
      Supplier<CompletionStage<List<CatalogImage>>> images, PruneFilters filters,
      List<String> protectedPatterns) {
    PreviewWorld world = new PreviewWorld(entities, clock.instant());
    Supplier<CompletionStage<List<CatalogImage>>> seen = () -> images.get().thenApply(all ->
        world.present(all).stream().filter(i -> !Protection.covers(i, protectedPatterns))
            .toList());
    return ImagePrune.passes(seen, filters,
        item -> world.delete(plan(item)), Provenance.UNRECORDED);
  }

  /** The plan {@link DeletePlanner} makes of an item's name: an ID deletes, a name untags. */
  private static DeletePlan plan(PrunePlan.Item item) {
    Optional<ImageId> expected = Optional.empty();
    if (item.name().equals(item.image().hex())) {
      return new DeletePlan(item.image(), Optional.empty(), item.name(),
          DeleteOptions.defaults(), expected);
    }
    try {
      return new DeletePlan(item.image(), Optional.of(References.parseNormalizedNamed(
          item.name()).withDefaultTag()), item.name(), DeleteOptions.defaults(), expected);
    } catch (InvalidReferenceException e) {
      throw new IllegalStateException("a prune item names " + item.name(), e);
    }
  }
}
