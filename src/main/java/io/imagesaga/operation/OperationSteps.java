package io.imagesaga.operation;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.SagaFootprints;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageCommand.Registration;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.Holder;
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
 * parent's child before it exists, so a delete of the parent meanwhile is a conflict (the import
 * holds its parent), and a reference is checked once more after the repository was pointed at
 * the image, so that a delete that raced the tag cannot leave the repository naming a deleted
 * image.
 */
public final class OperationSteps implements OperationRunner {
  private final Entities entities;
  private final SagaFootprints footprints;
  private final LayerAcquisition layers;

  public OperationSteps(Entities entities, LayerBlobs blobs) {
    this.entities = entities;
    this.footprints = new SagaFootprints(entities);
    this.layers = new LayerAcquisition(entities, blobs);
  }

  @Override
  public void forget(String operationId) {
    footprints.forget(operationId);
  }

  @Override
  public CompletionStage<Done> run(String operationId, OperationPlan plan) {
    if (plan instanceof SetReference set) {
      return setReference(operationId, operationId, set);
    } else if (plan instanceof CreateContainer create) {
      return createContainer(create);
    } else if (plan instanceof RemoveContainer remove) {
      return removeContainer(remove);
    } else if (plan instanceof OperationPlan.RunContainer run) {
      return run.running() ? startContainer(run) : stopContainer(run);
    }
    return register(operationId, (RegisterImage) plan);
  }

  /**
   * The image first: a container is never created on an image that refused it (absent, or
   * deleted meanwhile), and an image being deleted either sees the container (and refuses) or
   * has gone before it. Creating a container that exists with the same spec changes nothing.
   */
  private CompletionStage<Done> createContainer(CreateContainer plan) {
    var spec = plan.spec();
    return Entities.confirmed(entities.<Confirmation>image(spec.imageId(),
            replyTo -> new ImageCommand.AttachContainer(spec.id(), replyTo)))
        .thenCompose(attached -> Entities.confirmed(entities.<Confirmation>container(spec.id(),
            replyTo -> new ContainerCommand.Create(spec, replyTo))))
        .thenApply(created -> Done.getInstance());
  }

  private CompletionStage<Done> startContainer(OperationPlan.RunContainer plan) {
    return running(plan, true)
        .thenCompose(marked -> transition(entities.container(plan.containerId(),
            ContainerCommand.Start::new)));
  }

  private CompletionStage<Done> stopContainer(OperationPlan.RunContainer plan) {
    return transition(entities.container(plan.containerId(), ContainerCommand.Stop::new))
        .thenCompose(stopped -> running(plan, false));
  }

  private CompletionStage<Done> running(OperationPlan.RunContainer plan, boolean running) {
    return Entities.confirmed(entities.<Confirmation>image(plan.image(), replyTo ->
            new ImageCommand.SetContainerRunning(plan.containerId(), running, replyTo)))
        .thenApply(done -> Done.getInstance());
  }

  private static CompletionStage<Done> transition(
      CompletionStage<ContainerCommand.Transition> reply) {
    return reply.thenApply(t -> {
      if (t instanceof ContainerCommand.Rejected rejected) {
        throw new RejectedException(rejected.rejection());
      }
      return Done.getInstance();
    });
  }

  /** The container last holds its image: it goes first, then the image forgets it. */
  private CompletionStage<Done> removeContainer(RemoveContainer plan) {
    return entities.<ContainerCommand.Transition>container(plan.containerId(),
            replyTo -> new ContainerCommand.Remove(plan.force(), replyTo))
        .thenCompose(removed -> {
          if (removed instanceof ContainerCommand.Rejected rejected
              && !(rejected.rejection() instanceof Rejection.NotFound)) {
            throw new RejectedException(rejected.rejection());
          }
          return Entities.confirmed(entities.<Confirmation>image(plan.image(),
              replyTo -> new ImageCommand.DetachContainer(plan.containerId(), replyTo)));
        })
        .thenApply(detached -> Done.getInstance());
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
    ImageId id = plan.metadata().id();
    List<OperationPlan.PlannedLayer> layers = plan.layers();
    CompletionStage<Confirmation> adopted = plan.metadata().parent()
        .map(parent -> Entities.confirmed(entities.<Confirmation>image(parent,
            replyTo -> new ImageCommand.AddChild(id, replyTo))))
        .orElse(CompletableFuture.completedFuture(Confirmation.confirmed()));
    return adopted
        .thenCompose(ok -> entities.<Registration>image(id, replyTo ->
            new ImageCommand.Register(plan.metadata(), operationId, plan.lease(), replyTo)))
        .thenCompose(registered -> registered == Registration.CREATED
            ? this.layers.hold(operationId, Holder.image(id, operationId), layers)
            : leaseIfAsked(id, plan)
                .thenCompose(leased -> disownIfParentDiffers(operationId, plan))
                .thenCompose(disowned -> this.layers.discardUnowned(layers, layers.size() - 1)))
        .thenCompose(held -> tagAll(operationId, plan));
  }

  /**
   * The image was there already, perhaps with another parent (or none: an archive without its
   * parent): the parent this plan made it a child of must not keep it, or it could never go.
   */
  private CompletionStage<Void> disownIfParentDiffers(String operationId, RegisterImage plan) {
    if (plan.metadata().parent().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    ImageId id = plan.metadata().id();
    ImageId parent = plan.metadata().parent().get();
    footprints.image(operationId, parent);
    return entities.<ImageState>image(id, ImageCommand.Get::new).thenCompose(state ->
        state.metadata().parent().equals(plan.metadata().parent())
            ? CompletableFuture.completedFuture(null)
            : entities.<DeleteOutcome>image(parent, replyTo -> new ImageCommand.ReleaseChild(
                id, false, operationId + "/disown", replyTo)).thenAccept(released -> {}));
  }

  private CompletionStage<Confirmation> leaseIfAsked(ImageId id, RegisterImage plan) {
    return plan.lease().map(lease -> Entities.confirmed(entities.<Confirmation>image(id,
            replyTo -> new ImageCommand.Lease(lease.holder(), lease.expires(), replyTo))))
        .orElse(CompletableFuture.completedFuture(Confirmation.confirmed()));
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
