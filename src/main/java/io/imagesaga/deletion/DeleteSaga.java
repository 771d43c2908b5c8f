package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.catalog.NameResolver.Resolved;
import io.imagesaga.deletion.DeleteRecord.DeletedImage;
import io.imagesaga.deletion.DeleteRecord.DeletedLayer;
import io.imagesaga.deletion.DeleteRecord.Untagged;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * moby's {@code ImageDelete}, driven across the entities: resolve the name, let the image untag
 * or delete itself (its conflicts checked atomically), make the repositories forget the removed
 * references, release the layers, then release the parent, which prunes itself if allowed, and
 * carry on up the chain.
 *
 * <p>The answer is the {@code Untagged}/{@code Deleted} records in moby's order: the image's
 * untags, the image, its freed layers top first, then each pruned parent with its layers. On any
 * rejection the answer is that rejection alone, as with moby since 2016, although what an image
 * already did stays done.
 */
public final class DeleteSaga {
  private final Entities entities;
  private final NameResolver resolver;
  private final LayerBlobs blobs;

  public DeleteSaga(Entities entities, NameResolver resolver, LayerBlobs blobs) {
    this.entities = entities;
    this.resolver = resolver;
    this.blobs = blobs;
  }

  public CompletionStage<List<DeleteRecord>> run(String input, DeleteOptions options) {
    if (input.trim().isEmpty()) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.InvalidReference("image name cannot be blank")));
    }
    long start = System.nanoTime();
    List<DeleteRecord> records = new ArrayList<>();
    return resolver.resolve(input)
        .thenCompose(resolved -> firstStep(resolved, input, options)
            .thenCompose(outcome -> follow(resolved.id(), outcome, options, records)))
        .thenApply(done -> {
          ImageActionMetrics.observe("delete", Duration.ofNanos(System.nanoTime() - start));
          return List.copyOf(records);
        });
  }

  /** A name is untagged; an ID or ID prefix deletes the image itself. */
  private CompletionStage<DeleteOutcome> firstStep(
      Resolved resolved, String input, DeleteOptions options) {
    if (resolved.id().hasPrefix(input) || resolved.name().isEmpty()) {
      return entities.image(resolved.id(),
          replyTo -> new ImageCommand.DeleteById(options.force(), replyTo));
    }
    NamedReference requested = resolved.name().get().withDefaultTag();
    return entities.image(resolved.id(),
        replyTo -> new ImageCommand.Untag(requested, input, options.force(), replyTo));
  }

  private CompletionStage<Void> follow(
      ImageId image, DeleteOutcome outcome, DeleteOptions options, List<DeleteRecord> records) {
    if (outcome instanceof DeleteOutcome.Rejected rejected) {
      return CompletableFuture.failedFuture(new RejectedException(rejected.rejection()));
    }
    ImageDeleteStep step = ((DeleteOutcome.Done) outcome).step();
    step.untagged().forEach(ref -> records.add(new Untagged(ref)));
    CompletionStage<Void> forgotten = forgetReferences(image, step.removedReferences());
    if (!step.deleted()) {
      return forgotten;
    }
    records.add(new DeletedImage(image));
    return forgotten
        .thenCompose(done -> releaseLayers(step.topLayer(), records))
        .thenCompose(done -> releaseParent(image, step.parent(), options, records));
  }

  /** The repositories drop the references the image gave up, one request per repository. */
  private CompletionStage<Void> forgetReferences(ImageId image, List<NamedReference> removed) {
    Map<String, List<NamedReference>> byRepository = new LinkedHashMap<>();
    removed.forEach(ref -> byRepository
        .computeIfAbsent(ref.repository().name(), name -> new ArrayList<>()).add(ref));
    CompletionStage<Confirmation> chain = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, List<NamedReference>> entry : byRepository.entrySet()) {
      chain = chain.thenCompose(done -> Entities.confirmed(entities.repository(entry.getKey(),
          replyTo -> new RepositoryCommand.RemoveReferences(entry.getValue(), image, replyTo))));
    }
    return chain.thenAccept(done -> {});
  }

  /** Releases the image's top layer, and each parent layer the release frees, top first. */
  private CompletionStage<Void> releaseLayers(Optional<Digest> layer, List<DeleteRecord> records) {
    if (layer.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return entities.<LayerCommand.Released>layer(layer.get(), LayerCommand.Release::new)
        .thenCompose(released -> {
          if (released instanceof LayerCommand.Removed removed) {
            records.add(new DeletedLayer(removed.chainId(), removed.diffSize()));
            return removed.blob().map(blobs::discard)
                .orElse(CompletableFuture.completedFuture(null))
                .thenCompose(discarded -> releaseLayers(removed.parent(), records));
          }
          return CompletableFuture.completedFuture(null);
        });
  }

  /** The parent forgets its child and, with prune, deletes itself quietly if nothing holds it. */
  private CompletionStage<Void> releaseParent(ImageId child, Optional<ImageId> parent,
      DeleteOptions options, List<DeleteRecord> records) {
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return entities.<DeleteOutcome>image(parent.get(),
            replyTo -> new ImageCommand.ReleaseChild(child, options.prune(), replyTo))
        .thenCompose(outcome -> follow(parent.get(), outcome, options, records));
  }
}
