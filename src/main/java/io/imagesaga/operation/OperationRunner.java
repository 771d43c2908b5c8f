package io.imagesaga.operation;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Carries out a plan's steps for operation {@code operationId}. Running the same plan again with
 * the same ID must complete it without doing anything twice ({@link OperationSteps} does so by
 * idempotent steps and steps the entities remember until told to forget them).
 */
@FunctionalInterface
public interface OperationRunner {
  CompletionStage<Done> run(String operationId, OperationPlan plan);

  /**
   * The operation's end is journaled and it will not run again: the entities its steps asked to
   * remember them may forget them. Runners that leave nothing remembered need not override.
   */
  default void forget(String operationId) {}
}
