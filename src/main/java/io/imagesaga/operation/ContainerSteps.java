package io.imagesaga.operation;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerNameCommand;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.operation.OperationPlan.CreateContainer;
import io.imagesaga.operation.OperationPlan.RemoveContainer;
import io.imagesaga.operation.OperationPlan.RunContainer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The steps of the container operations ({@code docker create}, {@code start}, {@code stop},
 * {@code rm}), part of {@link OperationSteps}: each is idempotent or carries the operation ID,
 * so that a plan run again completes it without doing anything twice.
 */
final class ContainerSteps {
  private final Entities entities;

  ContainerSteps(Entities entities) {
    this.entities = entities;
  }

  CompletionStage<Done> run(String operationId, OperationPlan plan) {
    if (plan instanceof CreateContainer create) {
      return create(create.spec());
    } else if (plan instanceof RemoveContainer remove) {
      return remove(remove);
    }
    RunContainer run = (RunContainer) plan;
    return run.running() ? start(operationId, run) : stop(operationId, run);
  }

  /**
   * The name first, as moby reserves it before anything else: of two creates with one name
   * only one gets past this step, and a create carried on after a crash finds the name held by
   * its own container. Then the image: a container is never created on an image that refused
   * it (absent, or deleted meanwhile), and an image being deleted either sees the container (and
   * refuses) or has gone before it. Creating a container that exists with the same spec changes
   * nothing. A refusal after the reservation frees the name again.
   */
  private CompletionStage<Done> create(ContainerSpec spec) {
    return Entities.confirmed(entities.<Confirmation>containerName(spec.name(),
            replyTo -> new ContainerNameCommand.Reserve(spec.id(), replyTo)))
        .thenCompose(reserved -> Entities.confirmed(entities.<Confirmation>image(spec.imageId(),
                replyTo -> new ImageCommand.AttachContainer(spec.id(), replyTo)))
            .thenCompose(attached -> Entities.confirmed(entities.<Confirmation>container(
                spec.id(), replyTo -> new ContainerCommand.Create(spec, replyTo))))
            .handle((created, failure) -> failure == null
                ? CompletableFuture.completedFuture(Done.getInstance())
                : unreserveIfRefused(spec, failure))
            .thenCompose(done -> done));
  }

  /**
   * After a refused step the name goes back, unless the container exists (a step repeated
   * after the container was created, refused because its image went meanwhile). A timeout
   * keeps the name: the operation carries on and will need it.
   */
  private CompletionStage<Done> unreserveIfRefused(ContainerSpec spec, Throwable failure) {
    if (RejectedException.of(failure) == null) {
      return CompletableFuture.failedFuture(failure);
    }
    return entities.<ContainerState>container(spec.id(), ContainerCommand.Get::new)
        .thenCompose(state -> state.exists()
            ? CompletableFuture.completedFuture(Confirmation.confirmed())
            : release(spec))
        .thenCompose(released -> CompletableFuture.failedFuture(failure));
  }

  private CompletionStage<Confirmation> release(ContainerSpec spec) {
    return Entities.confirmed(entities.<Confirmation>containerName(spec.name(),
        replyTo -> new ContainerNameCommand.Release(spec.id(), replyTo)));
  }

  /**
   * The container last holds its image: it goes first, then the image forgets it, then its
   * name is free (the removed container's state still has its spec, also when a repeated step
   * finds it removed already).
   */
  private CompletionStage<Done> remove(RemoveContainer plan) {
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
        .thenCompose(detached -> entities.<ContainerState>container(plan.containerId(),
            ContainerCommand.Get::new))
        .thenCompose(state -> state.spec() == null
            ? CompletableFuture.completedFuture(Confirmation.confirmed())
            : release(state.spec()))
        .thenApply(released -> Done.getInstance());
  }

  /**
   * The image hears of the start before it happens. A start already superseded (its client gave
   * up and a later start or stop went first) touches nothing, so that its mark cannot follow
   * the image's mark of a later stop.
   */
  private CompletionStage<Done> start(String operationId, RunContainer plan) {
    return entities.<ContainerState>container(plan.containerId(), ContainerCommand.Get::new)
        .thenCompose(state -> {
          if (superseded(operationId, plan, state)) {
            throw notApplied(plan, state);
          }
          return running(plan, true);
        })
        .thenCompose(marked -> transition(operationId, plan));
  }

  /** The image hears of the stop once it happened, and only if this operation made it. */
  private CompletionStage<Done> stop(String operationId, RunContainer plan) {
    return transition(operationId, plan).thenCompose(stopped -> running(plan, false));
  }

  private static boolean superseded(String operationId, RunContainer plan, ContainerState state) {
    return plan.basedOn().isPresent() && plan.basedOn().get() != state.generation()
        && !operationId.equals(state.lastTransition());
  }

  private CompletionStage<Done> running(RunContainer plan, boolean running) {
    return Entities.confirmed(entities.<Confirmation>image(plan.image(), replyTo ->
            new ImageCommand.SetContainerRunning(plan.containerId(), running, replyTo)))
        .thenApply(done -> Done.getInstance());
  }

  private CompletionStage<Done> transition(String operationId, RunContainer plan) {
    return entities.<ContainerCommand.Transition>container(plan.containerId(), replyTo ->
            plan.running()
                ? new ContainerCommand.Start(operationId, plan.basedOn(), replyTo)
                : new ContainerCommand.Stop(operationId, plan.basedOn(), replyTo))
        .thenApply(t -> {
          if (t instanceof ContainerCommand.Rejected rejected) {
            throw new RejectedException(rejected.rejection());
          } else if (t instanceof ContainerCommand.Superseded superseded) {
            throw notApplied(plan, superseded.state());
          }
          return Done.getInstance();
        });
  }

  private static RejectedException notApplied(RunContainer plan, ContainerState now) {
    String name = now.spec() == null ? plan.containerId() : "/" + now.spec().name();
    String what = plan.running() ? "start" : "stop";
    return new RejectedException(Rejection.Conflict.hard("container " + name + " was started"
        + " or stopped by a later request while this " + what + " waited: the " + what
        + " was not applied"));
  }
}
