package io.imagesaga;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What an entity remembers of the steps sagas took on it, so that a saga asking again is given
 * its first answer and nothing is applied twice (docs/design.md, "Exactly-once steps").
 *
 * <p>A step is named by its saga's ID, or by that ID, a slash and what tells the step apart
 * within the saga ({@code <operation>/reference/0}, {@code <saga>/<holder>}). It is remembered
 * until its saga, once its end is journaled, tells the entity to forget it: from then on the
 * saga never asks again, so the memory holds what is in flight and nothing more. Steps journaled
 * before sagas told entities to forget (legacy steps) are remembered among the last
 * {@value #LEGACY_STEPS} of them, as they were then, since nothing will ever forget them.
 */
public final class StepMemory {
  public static final int LEGACY_STEPS = 128;

  private StepMemory() {}

  /** Whether step {@code step} was taken for saga {@code sagaId}. */
  public static boolean belongsTo(String step, String sagaId) {
    return step != null && (step.equals(sagaId)
        || step.length() > sagaId.length() && step.startsWith(sagaId)
            && step.charAt(sagaId.length()) == '/');
  }

  /**
   * {@code steps} with {@code step} added last; past {@value #LEGACY_STEPS} legacy steps, the
   * oldest legacy step goes.
   */
  public static <T> List<T> remember(List<T> steps, T step, Predicate<T> legacy) {
    List<T> copy = new ArrayList<>(steps.size() + 1);
    copy.addAll(steps);
    copy.add(step);
    if (legacy.test(step) && copy.stream().filter(legacy).count() > LEGACY_STEPS) {
      copy.remove(copy.stream().filter(legacy).findFirst().orElseThrow());
    }
    return copy;
  }

  /** {@code steps} without those {@code ofSaga} picks. */
  public static <T> List<T> forget(List<T> steps, Predicate<T> ofSaga) {
    return steps.stream().filter(ofSaga.negate()).toList();
  }
}
