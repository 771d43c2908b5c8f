package io.imagesaga.operation;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Carries out a plan's steps for operation {@code operationId}. Running the same plan again with
 * the same ID must complete it without doing anything twice ({@link OperationSteps} does so by
 * idempotent steps and steps the entities remember).
 */
@FunctionalInterface
public interface OperationRunner {
  CompletionStage<Done> run(String operationId, OperationPlan plan);
}
