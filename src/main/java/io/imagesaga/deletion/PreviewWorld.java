package io.imagesaga.deletion;

import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.deletion.DeleteRecord.DeletedImage;
import io.imagesaga.deletion.DeleteRecord.DeletedLayer;
import io.imagesaga.deletion.DeleteRecord.Untagged;
import io.imagesaga.image.DeleteDecision;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageDelete;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Deletes played out on copies of the states they touch, for dry runs: each image and layer is
 * read once from its entity, then changed here only, by the same pure decisions the entities
 * take ({@link ImageDelete}, a layer's holder set), in the order {@link DeleteSteps} asks them.
 * So a dry run answers the records or the rejection the delete would answer now, and a prune's
 * dry run sees what its earlier deletes freed. Nothing is journaled; the entities are only read.
 *
 * <p>Not thread-safe: one preview's stages run one after another.
 */
final class PreviewWorld {
  private final Entities entities;
  private final Instant now;
  private final Map<ImageId, ImageState> images = new HashMap<>();
  private final Map<Digest, LayerState> layers = new HashMap<>();

  PreviewWorld(Entities entities, Instant now) {
    this.entities = entities;
    this.now = now;
  }

  /** What the delete of {@code plan} would answer; the stage fails with its rejection. */
  CompletionStage<List<DeleteRecord>> delete(DeletePlan plan) {
    List<DeleteRecord> records = new ArrayList<>();
    boolean force = plan.options().force();
    return image(plan.image())
        .thenCompose(state -> follow(plan.image(), decide(plan.image(), state,
            () -> plan.untag().isEmpty()
            ? ImageDelete.byId(state, force, now)
            : ImageDelete.untag(state, plan.untag().get(), plan.input(), force, now)),
            plan.options(), records))
        .handle((done, failure) -> {
          if (failure == null) {
            return List.copyOf(records);
          }
          Rejection rejection = RejectedException.of(failure);
          throw rejection == null ? new IllegalStateException(failure)
              : new RejectedException(plan.whenReferenceGone(rejection));
        });
  }

  /** {@code listed} (present images, as the catalog lists them) as the deletes left them. */
  List<CatalogImage> present(List<CatalogImage> listed) {
    List<CatalogImage> present = new ArrayList<>(listed.size());
    for (CatalogImage image : listed) {
      ImageState touched = images.get(image.id());
      if (touched == null) {
        present.add(image);
      } else if (touched.isPresent()) {
        present.add(CatalogImage.of(touched));
      }
    }
    return present;
  }

  /** The image entity's answer to a saga step: it decides only while it is present. */
  private static DeleteDecision decide(
      ImageId id, ImageState state, Supplier<DeleteDecision> decision) {
    return state.isPresent() ? decision.get() : new DeleteDecision(List.of(),
        new DeleteOutcome.Rejected(new Rejection.NotFound("No such image: " + id)));
  }

  private CompletionStage<Void> follow(ImageId image, DeleteDecision decision,
      DeleteOptions options, List<DeleteRecord> records) {
    ImageState state = images.get(image);
    for (ImageEvent event : decision.events()) {
      state = state.apply(event);
    }
    images.put(image, state);
    if (decision.outcome() instanceof DeleteOutcome.Rejected rejected) {
      return CompletableFuture.failedFuture(new RejectedException(rejected.rejection()));
    }
    ImageDeleteStep step = ((DeleteOutcome.Done) decision.outcome()).step();
    step.untagged().forEach(ref -> records.add(new Untagged(ref)));
    if (!step.deleted()) {
      return CompletableFuture.completedFuture(null);
    }
    records.add(new DeletedImage(image));
    releaseLayers(Holder.image(image, step.registeredBy()), step.topLayer(), records);
    return releaseParent(image, step.generation(), step.parent(), options, records);
  }

  private void releaseLayers(Holder holder, Optional<Digest> layer, List<DeleteRecord> records) {
    Optional<Digest> next = layer;
    Holder releasing = holder;
    while (next.isPresent()) {
      Digest chainId = next.get();
      LayerState state = layers.get(chainId);
      Optional<Holder> held = state.held(releasing);
      if (held.isEmpty()) {
        return;
      }
      String step = "preview/" + releasing.id();
      if (state.holders().size() > 1) {
        layers.put(chainId, state.apply(new LayerEvent.HolderReleased(now, step, held.get())));
        return;
      }
      layers.put(chainId, state.apply(new LayerEvent.Removed(now, step, held.get())));
      records.add(new DeletedLayer(chainId, state.diffSize()));
      releasing = Holder.layer(chainId, state.incarnation());
      next = state.parent();
    }
  }

  private CompletionStage<Void> releaseParent(ImageId child, long generation,
      Optional<ImageId> parent, DeleteOptions options, List<DeleteRecord> records) {
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return image(parent.get()).thenCompose(state -> follow(parent.get(), decide(parent.get(), state,
        () -> ImageDelete.releaseChild(state, child, generation, options.prune(), now)),
        options, records));
  }

  /** Reads every layer of the chain below {@code top} not read yet, then answers. */
  CompletionStage<Void> readLayers(Optional<Digest> top) {
    if (top.isEmpty() || layers.containsKey(top.get())) {
      return CompletableFuture.completedFuture(null);
    }
    return entities.<LayerState>layer(top.get(), LayerCommand.Get::new).thenCompose(state -> {
      layers.put(top.get(), state);
      return readLayers(state.parent());
    });
  }

  private CompletionStage<ImageState> image(ImageId id) {
    ImageState known = images.get(id);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return entities.<ImageState>image(id, ImageCommand.Get::new).thenCompose(state -> {
      images.put(id, state);
      return readLayers(state.metadata() == null ? Optional.empty()
          : state.metadata().topLayer()).thenApply(read -> state);
    });
  }
}
