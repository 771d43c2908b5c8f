package io.imagesaga.operation;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.SagaFootprints;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageCommand.Registration;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
import io.imagesaga.operation.OperationPlan.RegisterImage;
import io.imagesaga.reference.ImageId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Registers one image of an import (docs/design.md, "Parents and children"). The image's
 * incarnation is added to its parent before it exists, so a present image is always listed by
 * its parent, and a delete of the parent meanwhile is a conflict (the import holds its parent).
 * Both messages name the incarnation by its generation: a delete saga that removed an earlier
 * incarnation and releases the parent late cannot unlist this one, and a registration whose
 * image moved on in between (deleted, or registered by another import) looks again.
 */
final class RegisterSteps {
  /** Each retry means another client changed the image in between; a bound, not a budget. */
  private static final int ATTEMPTS = 16;

  private final Entities entities;
  private final SagaFootprints footprints;
  private final LayerAcquisition layers;

  RegisterSteps(Entities entities, SagaFootprints footprints, LayerAcquisition layers) {
    this.entities = entities;
    this.footprints = footprints;
    this.layers = layers;
  }

  /** The image is present and listed by its parent; its layers are held if it is new. */
  CompletionStage<Done> register(String operationId, RegisterImage plan) {
    ImageId id = plan.metadata().id();
    var planned = plan.layers();
    return registerAs(operationId, plan, ATTEMPTS).thenCompose(registered ->
        registered == Registration.CREATED
            ? layers.hold(operationId, Holder.image(id, operationId), planned)
            : layers.discardUnowned(planned, planned.size() - 1));
  }

  private CompletionStage<Registration> registerAs(
      String operationId, RegisterImage plan, int attempts) {
    ImageId id = plan.metadata().id();
    return entities.<ImageState>image(id, ImageCommand.Get::new).thenCompose(seen -> {
      long generation = seen.isPresent() ? seen.generation() : seen.generation() + 1;
      Optional<ImageId> parent = seen.isPresent() ? seen.metadata().parent()
          : plan.metadata().parent();
      return adopt(operationId, parent, id, generation)
          .thenCompose(adopted -> entities.<Registration>image(id, replyTo ->
              new ImageCommand.Register(plan.metadata(), operationId, plan.lease(), generation,
                  replyTo)))
          .thenCompose(registered -> {
            if (registered == Registration.MOVED) {
              return again(operationId, plan, attempts);
            }
            // Also when this attempt found the image present: an earlier attempt of this
            // operation (before a MOVED, or before a crash) may have added it to the plan's
            // parent.
            return registered == Registration.ALREADY_PRESENT
                ? disownIfParentDiffers(operationId, plan).thenApply(disowned -> registered)
                : CompletableFuture.completedFuture(registered);
          });
    });
  }

  private CompletionStage<Registration> again(
      String operationId, RegisterImage plan, int attempts) {
    if (attempts <= 1) {
      return CompletableFuture.failedFuture(new IllegalStateException("image "
          + plan.metadata().id() + " changed " + ATTEMPTS + " times while it was registered"));
    }
    return registerAs(operationId, plan, attempts - 1);
  }

  private CompletionStage<Confirmation> adopt(
      String operationId, Optional<ImageId> parent, ImageId child, long generation) {
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(Confirmation.confirmed());
    }
    footprints.image(operationId, parent.get());
    return Entities.confirmed(entities.<Confirmation>image(parent.get(),
        replyTo -> new ImageCommand.AddChild(child, generation, replyTo)));
  }

  /**
   * The image is present as another import registered it, perhaps under another parent (or
   * none: an archive without its parent): the parent this plan may have added it to must not
   * keep it, or it could never go. Released up to the image's current generation: a parent that
   * lists a newer incarnation (registered under it since) keeps it.
   */
  private CompletionStage<Void> disownIfParentDiffers(String operationId, RegisterImage plan) {
    Optional<ImageId> planned = plan.metadata().parent();
    if (planned.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    ImageId id = plan.metadata().id();
    footprints.image(operationId, planned.get());
    return entities.<ImageState>image(id, ImageCommand.Get::new).thenCompose(state ->
        state.metadata().parent().equals(planned)
            ? CompletableFuture.completedFuture(null)
            : entities.<DeleteOutcome>image(planned.get(), replyTo ->
                new ImageCommand.ReleaseChild(id, state.generation(), false,
                    operationId + "/disown/" + state.generation(), replyTo))
                .thenAccept(released -> {}));
  }
}
