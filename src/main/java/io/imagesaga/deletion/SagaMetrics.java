package io.imagesaga.deletion;

import io.imagesaga.Rejection;
import io.imagesaga.image.ConflictKind;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * What the node's deletes and prunes did, as counters (docs/metrics.md): sagas started once
 * their plan is journaled, finished once their end is, resumed after a restart; and the deletes
 * refused by a conflict, by what stood in their way. Every label value is known in advance and
 * exported from zero, so that a rate is defined before the first event.
 */
public final class SagaMetrics {
  public static final String DELETE = "delete";
  public static final String PRUNE = "prune";
  /** A delete's end: its records, its refusal, or nothing done after a crash. */
  public static final String COMPLETED = "completed";
  public static final String REFUSED = "refused";
  public static final String ABANDONED = "abandoned";
  /** A prune that failed as a whole (its deletes' own refusals are skipped, not failures). */
  public static final String FAILED = "failed";
  /** A conflict with no {@link ConflictKind}: the fleet's protected list, for one. */
  static final String OTHER = "other";

  private final Counter started;
  private final Counter finished;
  private final Counter resumed;
  private final Counter conflicts;

  public SagaMetrics(PrometheusRegistry registry) {
    started = Counter.builder().name("imagesaga_sagas_started_total")
        .help("Delete and prune sagas started (a delete once its plan is journaled)")
        .labelNames("saga").register(registry);
    finished = Counter.builder().name("imagesaga_sagas_finished_total")
        .help("Delete and prune sagas whose end is journaled, by outcome")
        .labelNames("saga", "outcome").register(registry);
    resumed = Counter.builder().name("imagesaga_sagas_resumed_total")
        .help("Delete sagas found open after a restart and carried on")
        .labelNames("saga").register(registry);
    conflicts = Counter.builder().name("imagesaga_delete_conflicts_total")
        .help("Deletes refused with a conflict (409), by what stood in the way")
        .labelNames("kind").register(registry);
    for (String saga : List.of(DELETE, PRUNE)) {
      started.labelValues(saga);
    }
    for (String outcome : List.of(COMPLETED, REFUSED, ABANDONED)) {
      finished.labelValues(DELETE, outcome);
    }
    finished.labelValues(PRUNE, COMPLETED);
    finished.labelValues(PRUNE, FAILED);
    resumed.labelValues(DELETE);
    for (ConflictKind kind : ConflictKind.values()) {
      conflicts.labelValues(label(kind));
    }
    conflicts.labelValues(OTHER);
  }

  public void started(String saga) {
    started.labelValues(saga).inc();
  }

  public void finished(String saga, String outcome) {
    finished.labelValues(saga, outcome).inc();
  }

  public void resumed(String saga) {
    resumed.labelValues(saga).inc();
  }

  /** Counts {@code rejection} if it is a conflict; a delete refused otherwise is no conflict. */
  public void refused(Rejection rejection) {
    if (rejection instanceof Rejection.Conflict conflict) {
      conflicts.labelValues(label(conflict.kind())).inc();
    }
  }

  /** moby's conflict types as label values; ACTIVE_REFERENCE is its "multiple repositories". */
  static String label(ConflictKind kind) {
    if (kind == null) {
      return OTHER;
    }
    return switch (kind) {
      case IMPORT_IN_PROGRESS -> "import_in_progress";
      case DEPENDENT_CHILD -> "dependent_child";
      case RUNNING_CONTAINER -> "running_container";
      case ACTIVE_REFERENCE -> "multiple_references";
      case STOPPED_CONTAINER -> "stopped_container";
    };
  }
}
