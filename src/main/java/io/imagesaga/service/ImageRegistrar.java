package io.imagesaga.service;

import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.operation.Operations;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Registration of one image, as {@code docker load}, {@code docker pull} and {@code docker
 * import} end: the pure plan and its checks, the parent's, then the journaled operation. A
 * refused registration leaves no blob it staged behind.
 */
final class ImageRegistrar {
  private final Entities entities;
  private final Operations operations;
  private final BlobStore blobs;

  ImageRegistrar(Entities entities, Operations operations, BlobStore blobs) {
    this.entities = entities;
    this.operations = operations;
    this.blobs = blobs;
  }

  /**
   * Registers an image as {@code docker load} does: a present image is left as it is (its tags
   * are still applied); a new one holds its layers and becomes a child of its parent, which
   * must be present and whose layers must be a prefix of the image's. The registration is a
   * journaled operation, carried through even if the node stops half way.
   */
  CompletionStage<ImageId> register(
      ImageRegistration registration, Provenance provenance) {
    OperationPlan.RegisterImage plan;
    try {
      plan = plan(registration);
    } catch (RejectedException e) {
      discard(registration.layers());
      return CompletableFuture.failedFuture(e);
    }
    return checkParent(plan)
        .thenCompose(ok -> blobs.put(registration.config()))
        .whenComplete((stored, failure) -> {
          if (failure != null) {
            discard(registration.layers());
          }
        })
        .thenCompose(stored -> operations.run(plan, provenance))
        .thenApply(done -> plan.metadata().id());
  }

  /**
   * What registering {@code registration} does, and every check of the image itself that can
   * refuse it (its config, its layers, its tags); pure. A load runs it for each of its images
   * before it registers the first ({@code LoadVerifier}).
   */
  static OperationPlan.RegisterImage plan(ImageRegistration registration) {
    ImageConfigs.Summary config = ImageConfigs.read(registration.config());
    List<Digest> diffIds = registration.layers().stream().map(LayerSpec::diffId).toList();
    ImageConfigs.checkLayers(config, diffIds);
    List<Digest> chain = ChainIds.of(diffIds);
    ImageMetadata metadata = new ImageMetadata(ImageId.fromConfig(registration.config()),
        registration.parent(), chain.isEmpty() ? Optional.empty()
            : Optional.of(chain.get(chain.size() - 1)), config.created(), config.os(),
        registration.layers().stream().mapToLong(LayerSpec::size).sum(), config.labels());
    List<OperationPlan.PlannedLayer> layers = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      LayerSpec layer = registration.layers().get(i);
      layers.add(new OperationPlan.PlannedLayer(chain.get(i), layer.diffId(), layer.size(),
          layer.blob()));
    }
    List<NamedReference> tags = new ArrayList<>();
    for (String tag : registration.tags()) {
      tags.add(ImageService.tagReference(tag));
    }
    return new OperationPlan.RegisterImage(metadata, layers, tags, registration.lease());
  }

  private void discard(List<LayerSpec> layers) {
    layers.forEach(layer -> layer.blob().ifPresent(blobs::discard));
  }

  private CompletionStage<Done> checkParent(OperationPlan.RegisterImage plan) {
    ImageMetadata image = plan.metadata();
    if (image.parent().isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    ImageId parent = image.parent().get();
    return entities.<ImageState>image(parent, ImageCommand.Get::new).thenApply(state -> {
      if (!state.isPresent()) {
        throw new RejectedException(new Rejection.NotFound("No such image: " + parent));
      }
      Optional<Digest> top = state.metadata().topLayer();
      if (top.isPresent() && plan.layers().stream().noneMatch(l -> l.chainId().equals(top.get()))) {
        throw notAPrefix(parent);
      }
      return Done.getInstance();
    });
  }

  /** The refusal of a parent whose layers are not a prefix of its child's. */
  static RejectedException notAPrefix(ImageId parent) {
    return new RejectedException(new Rejection.InvalidParameter(
        "invalid parent " + parent + ": its layers are not a prefix of the image's"));
  }

}
