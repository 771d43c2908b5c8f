package io.imagesaga.operation;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.SagaFootprints;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.operation.OperationPlan.CreateContainer;
import io.imagesaga.operation.OperationPlan.RegisterImage;
import io.imagesaga.operation.OperationPlan.RemoveContainer;
import io.imagesaga.operation.OperationPlan.SetReference;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The steps of each {@link OperationPlan}. Every step is idempotent, or carries the operation ID
 * so that the entity answers a repeated step as the first time: running a plan again after a
 * crash completes it without doing anything twice.
 *
 * <p>The order of the steps is what keeps concurrent deletes honest: an image becomes its
 * parent's child before it exists ({@link RegisterSteps}), and a reference is checked once more
 * after the repository was pointed at the image, so that a delete that raced the tag cannot
 * leave the repository naming a deleted image.
 */
public final class OperationSteps implements OperationRunner {
  private final Entities entities;
  private final SagaFootprints footprints;
  private final LayerAcquisition layers;
  private final ContainerSteps containers;
  private final RegisterSteps registrations;

  public OperationSteps(Entities entities, LayerBlobs blobs) {
    this.entities = entities;
    this.footprints = new SagaFootprints(entities);
    this.layers = new LayerAcquisition(entities, blobs);
    this.containers = new ContainerSteps(entities);
    this.registrations = new RegisterSteps(entities, footprints, layers);
  }

  @Override
  public void forget(String operationId) {
    footprints.forget(operationId);
  }

  @Override
  public CompletionStage<Done> run(String operationId, OperationPlan plan) {
    if (plan instanceof SetReference set) {
      return setReference(operationId, operationId, set);
    } else if (plan instanceof CreateContainer || plan instanceof RemoveContainer
        || plan instanceof OperationPlan.RunContainer) {
      return containers.run(operationId, plan);
    }
    return register(operationId, (RegisterImage) plan);
  }

  /** {@code step} names the move within the operation, as the repository remembers it. */
  private CompletionStage<Done> setReference(String operationId, String step, SetReference plan) {
    var ref = plan.reference();
    ImageId image = plan.image();
    footprints.repository(operationId, ref.repository().name());
    return Entities.confirmed(entities.<Confirmation>image(image,
            replyTo -> new ImageCommand.AddReference(ref, replyTo)))
        .thenCompose(added -> entities.<RepositoryCommand.Resolution>repository(
            ref.repository().name(), replyTo -> new RepositoryCommand.SetReference(
                ref, image, step, replyTo)))
        .thenCompose(previous -> previous.image().filter(p -> !p.equals(image))
            .map(p -> Entities.confirmed(entities.<Confirmation>image(p,
                replyTo -> new ImageCommand.RemoveReference(ref, replyTo))))
            .orElse(CompletableFuture.completedFuture(Confirmation.confirmed())))
        .thenCompose(moved -> entities.<ImageState>image(image, ImageCommand.Get::new))
        .thenCompose(state -> state.isPresent() && state.references().contains(ref)
            ? CompletableFuture.completedFuture(Confirmation.confirmed())
            : Entities.confirmed(entities.<Confirmation>repository(ref.repository().name(),
                replyTo -> new RepositoryCommand.RemoveReferences(List.of(ref), image, replyTo))))
        .thenApply(done -> Done.getInstance());
  }

  private CompletionStage<Done> register(String operationId, RegisterImage plan) {
    return registrations.register(operationId, plan)
        .thenCompose(registered -> tagAll(operationId, plan));
  }

  private CompletionStage<Done> tagAll(String operationId, RegisterImage plan) {
    CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
    for (int i = 0; i < plan.references().size(); i++) {
      SetReference set = new SetReference(plan.references().get(i), plan.metadata().id());
      String step = operationId + "/reference/" + i;
      chain = chain.thenCompose(done -> setReference(operationId, step, set));
    }
    return chain;
  }
}
