package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.SagaFootprints;
import io.imagesaga.deletion.DeleteRecord.DeletedImage;
import io.imagesaga.deletion.DeleteRecord.DeletedLayer;
import io.imagesaga.deletion.DeleteRecord.Untagged;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The steps of one delete saga after its name was resolved, moby's {@code ImageDelete} driven
 * across the entities: the image untags or deletes itself (its conflicts checked atomically), the
 * repositories forget the removed references, the layers are released top first, then the
 * parent is released, which prunes itself if allowed, and so on up the chain.
 *
 * <p>Every step carries the saga ID, and each entity answers a step it already took with its
 * first outcome until the saga, its end journaled, tells it to forget ({@link #forget}); so
 * running the same plan again, after a crash or a step that timed out, finishes the delete
 * without doing anything twice and yields the same records.
 *
 * <p>The answer is the {@code Untagged}/{@code Deleted} records in moby's order: the image's
 * untags, the image, its freed layers top first, then each pruned parent with its layers. On a
 * rejection the stage fails with it alone, as with moby since 2016, although what an image
 * already did stays done.
 */
public final class DeleteSteps implements DeletionDependencies.Steps {
  private final Entities entities;
  private final LayerBlobs blobs;
  private final SagaFootprints footprints;

  public DeleteSteps(Entities entities, LayerBlobs blobs) {
    this.entities = entities;
    this.blobs = blobs;
    this.footprints = new SagaFootprints(entities);
  }

  @Override
  public void forget(String sagaId) {
    footprints.forget(sagaId);
  }

  @Override
  public CompletionStage<List<DeleteRecord>> run(String sagaId, DeletePlan plan) {
    List<DeleteRecord> records = new ArrayList<>();
    return firstStep(sagaId, plan)
        .thenCompose(outcome -> follow(sagaId, plan.image(), outcome, plan.options(), records))
        .thenApply(done -> List.copyOf(records));
  }

  /** A name is untagged; an ID or ID prefix deletes the image itself. */
  private CompletionStage<DeleteOutcome> firstStep(String sagaId, DeletePlan plan) {
    boolean force = plan.options().force();
    footprints.image(sagaId, plan.image());
    if (plan.untag().isEmpty()) {
      return entities.image(plan.image(),
          replyTo -> new ImageCommand.DeleteById(force, sagaId, replyTo));
    }
    return entities.image(plan.image(), replyTo ->
        new ImageCommand.Untag(plan.untag().get(), plan.input(), force, sagaId, replyTo));
  }

  private CompletionStage<Void> follow(String sagaId, ImageId image, DeleteOutcome outcome,
      DeleteOptions options, List<DeleteRecord> records) {
    if (outcome instanceof DeleteOutcome.Rejected rejected) {
      return CompletableFuture.failedFuture(new RejectedException(rejected.rejection()));
    }
    if (!(outcome instanceof DeleteOutcome.Done done)) {
      throw new IllegalStateException("a step answered " + outcome);
    }
    ImageDeleteStep step = done.step();
    step.untagged().forEach(ref -> records.add(new Untagged(ref)));
    CompletionStage<Void> forgotten = forgetReferences(sagaId, image, step.removedReferences());
    if (!step.deleted()) {
      return forgotten;
    }
    records.add(new DeletedImage(image));
    // The image's write decided everything the repositories and the layers do: neither waits
    // for the other. Only the layer chain adds records, in its own order, so they come out as
    // moby's; the parent goes after both, as its records follow the layers'.
    CompletionStage<Void> released = releaseLayers(sagaId,
        Holder.image(image, step.registeredBy()), step.topLayer(), records);
    return forgotten.thenCombine(released, (refs, layers) -> layers)
        .thenCompose(ok -> releaseParent(sagaId, image, step.generation(), step.parent(), options,
            records));
  }

  /**
   * The repositories drop the references the image gave up, one request per repository, all at
   * once; a reference that meanwhile names another image stays, and each repository remembers
   * the saga's removal, so asking again changes nothing.
   */
  private CompletionStage<Void> forgetReferences(
      String sagaId, ImageId image, List<NamedReference> removed) {
    Map<String, List<NamedReference>> byRepository = new LinkedHashMap<>();
    removed.forEach(ref -> byRepository
        .computeIfAbsent(ref.repository().name(), name -> new ArrayList<>()).add(ref));
    return CompletableFuture.allOf(byRepository.entrySet().stream()
        .map(entry -> {
          footprints.repository(sagaId, entry.getKey());
          return Entities.confirmed(entities.<Confirmation>repository(entry.getKey(),
              replyTo -> new RepositoryCommand.RemoveReferences(entry.getValue(), image, sagaId,
                  replyTo))).toCompletableFuture();
        })
        .toArray(CompletableFuture[]::new));
  }

  /**
   * Releases the image's top layer, and each parent layer the release frees (held by the
   * incarnation of the layer that went), top first; a freed layer's blob is gone before the
   * delete answers.
   */
  private CompletionStage<Void> releaseLayers(
      String sagaId, Holder holder, Optional<Digest> layer, List<DeleteRecord> records) {
    if (layer.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    footprints.layer(sagaId, layer.get());
    return entities.<LayerCommand.Released>layer(layer.get(),
            replyTo -> LayerCommand.Release.of(sagaId, holder, replyTo))
        .thenCompose(released -> {
          if (released instanceof LayerCommand.Removed removed) {
            records.add(new DeletedLayer(removed.chainId(), removed.diffSize()));
            return removed.blob().map(blobs::discard)
                .orElse(CompletableFuture.completedFuture(null))
                .thenCompose(discarded -> releaseLayers(sagaId,
                    Holder.layer(removed.chainId(), removed.incarnation()), removed.parent(),
                    records));
          }
          return CompletableFuture.completedFuture(null);
        });
  }

  /**
   * The parent forgets the child's incarnations up to {@code generation} (not one a load
   * registered since) and, with prune, deletes itself quietly if nothing holds it.
   */
  private CompletionStage<Void> releaseParent(String sagaId, ImageId child, long generation,
      Optional<ImageId> parent, DeleteOptions options, List<DeleteRecord> records) {
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    footprints.image(sagaId, parent.get());
    return entities.<DeleteOutcome>image(parent.get(), replyTo ->
            new ImageCommand.ReleaseChild(child, generation, options.prune(), sagaId, replyTo))
        .thenCompose(outcome -> follow(sagaId, parent.get(), outcome, options, records));
  }
}
