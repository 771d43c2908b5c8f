package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a prune does to the world: deletes, journals its end, keeps and hands over plans. Each
 * delete is journaled with the provenance of the prune request it belongs to.
 */
public interface PruneEffects {
  /** {@code docker rmi NAME}, without force, with prune. */
  CompletionStage<List<DeleteRecord>> delete(String name, Provenance provenance);

  /** Journals the prune event with the bytes reclaimed. */
  CompletionStage<?> completed(long reclaimed);

  /** {@code docker rmi NAME} while NAME still names {@code image}. */
  CompletionStage<List<DeleteRecord>> deleteIf(
      String name, ImageId image, Provenance provenance);

  /** Keeps a dry run's plan for its execution. */
  CompletionStage<?> recordPlan(PrunePlan plan);

  /** The image's references now (familiar strings), empty if it is gone. */
  CompletionStage<List<String>> references(ImageId image);

  /** The plan, handed over once. */
  CompletionStage<Optional<PrunePlan>> takePlan(String token);

  /**
   * The effects on a node: each delete a saga, the prune journaled by the node's entity, the
   * dry runs' plans in memory ({@link PrunePlans}).
   */
  static PruneEffects of(Deletions deletions, Entities entities) {
    PrunePlans plans = new PrunePlans(PrunePlans.OPEN_PLANS);
    return new PruneEffects() {
      @Override
      public CompletionStage<List<DeleteRecord>> delete(String name, Provenance provenance) {
        return deletions.delete(name, DeleteOptions.defaults(), Optional.empty(), provenance);
      }

      @Override
      public CompletionStage<?> completed(long reclaimed) {
        return Entities.confirmed(entities.<Confirmation>prune(ImagePrune.NODE,
            replyTo -> new PruneCommand.RecordCompleted(reclaimed, replyTo)));
      }

      @Override
      public CompletionStage<List<DeleteRecord>> deleteIf(
          String name, ImageId image, Provenance provenance) {
        return deletions.delete(name, DeleteOptions.defaults(), Optional.of(image), provenance);
      }

      @Override
      public CompletionStage<List<String>> references(ImageId image) {
        return entities.<ImageState>image(image, ImageCommand.Get::new)
            .thenApply(state -> ImagePrune.familiar(state.references()));
      }

      @Override
      public CompletionStage<?> recordPlan(PrunePlan plan) {
        plans.keep(plan);
        return CompletableFuture.completedFuture(plan);
      }

      @Override
      public CompletionStage<Optional<PrunePlan>> takePlan(String token) {
        return CompletableFuture.completedFuture(plans.take(token));
      }
    };
  }
}
