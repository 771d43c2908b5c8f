package io.imagesaga.deletion;

import io.imagesaga.Entities;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a saga needs of the node it runs on: to plan a request (resolve its name), to run a
 * plan's steps, to ask an image whether it took the saga's first step, and the node's counters
 * of sagas.
 */
public record DeletionDependencies(
    Planner planner, Steps steps, Recall recall, Clock clock, SagaMetrics metrics) {

  /** Sagas outside a node (tests), counted in a registry of their own. */
  public DeletionDependencies(Planner planner, Steps steps, Recall recall, Clock clock) {
    this(planner, steps, recall, clock, new SagaMetrics(new PrometheusRegistry()));
  }

  /** The node's: moby's name resolution, {@link DeleteSteps}, the image entities. */
  public static DeletionDependencies of(Entities entities, NameResolver resolver,
      DeleteSteps steps, Clock clock, SagaMetrics metrics) {
    return new DeletionDependencies(request -> DeletePlanner.plan(resolver,
            image -> entities.<ImageState>image(image, ImageCommand.Get::new), request), steps,
        (image, sagaId) -> entities.image(image,
            replyTo -> new ImageCommand.RecallStep(sagaId, replyTo)), clock, metrics);
  }

  /** Resolves a request into a plan, or fails with its rejection. */
  @FunctionalInterface
  public interface Planner {
    CompletionStage<DeletePlan> plan(DeletionCommand.Start request);
  }

  /**
   * Runs a plan's steps; asked again with the same saga ID, repeats no step, until told to
   * forget the saga.
   */
  @FunctionalInterface
  public interface Steps {
    CompletionStage<List<DeleteRecord>> run(String sagaId, DeletePlan plan);

    /**
     * The saga's end is journaled and it will not run again: the entities its steps asked to
     * remember them may forget them. Steps that leave nothing remembered need not override.
     */
    default void forget(String sagaId) {}
  }

  /** What {@code image} answered the saga's step, or {@link DeleteOutcome.NotTaken}. */
  @FunctionalInterface
  public interface Recall {
    CompletionStage<DeleteOutcome> recall(ImageId image, String sagaId);
  }
}
