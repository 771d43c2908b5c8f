package io.imagesaga.deletion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plans of a node's prune dry runs, kept in memory until executed: a dry run is a read, so
 * it journals nothing (a plan names every candidate with its references, and dry runs cost a
 * client nothing to repeat). At most {@code capacity} plans are kept, the oldest giving way; a
 * plan is handed over once; a restart forgets them all, and their tokens are then unknown, as a
 * spent one is. Thread-safe.
 */
public final class PrunePlans {
  /** Plans kept for execution; older ones are dropped when more are made. */
  public static final int OPEN_PLANS = 16;

  private final int capacity;
  private final Map<String, PrunePlan> plans = new LinkedHashMap<>();

  public PrunePlans(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void keep(PrunePlan plan) {
    plans.put(plan.token(), plan);
    while (plans.size() > capacity) {
      plans.remove(plans.keySet().iterator().next());
    }
  }

  /** The plan, once: a second take finds nothing. */
  public synchronized Optional<PrunePlan> take(String token) {
    return Optional.ofNullable(plans.remove(token));
  }
}
