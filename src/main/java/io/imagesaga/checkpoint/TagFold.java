package io.imagesaga.checkpoint;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A fold of one journal tag into a state per entity (persistence ID), each entity's events
 * applied in write order from {@code empty}: the read side's view of the entities of one type.
 *
 * <p>Only the states that {@code keep} accepts are carried in a {@link Checkpoint}, which keeps
 * it proportional to what exists rather than to what ever existed. The contract a fold states
 * with {@code keep}: a state it does not keep is, for every event that may follow, as good as
 * {@code empty} for what the fold's readers look at.
 */
public record TagFold<S>(String tag, S empty, BiFunction<S, Object, S> apply, Predicate<S> keep) {

  /** Applies {@code event} to its entity's state in {@code states}, dropping it if not kept. */
  void apply(Map<String, S> states, String persistenceId, Object event) {
    S next = apply.apply(states.getOrDefault(persistenceId, empty), event);
    if (keep.test(next)) {
      states.put(persistenceId, next);
    } else {
      states.remove(persistenceId);
    }
  }
}
