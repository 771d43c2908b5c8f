package io.imagesaga.metrics;

import io.imagesaga.deletion.ImageActionMetrics;
import io.imagesaga.deletion.SagaMetrics;
import io.imagesaga.journal.JournalMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The metrics of one node, in a registry of its own rather than the client's static default
 * one: tests start several nodes in one JVM, and each must count only its own work
 * (docs/metrics.md has every metric). What is counted as it happens is updated by the code
 * that does it; what is a state (the entities in memory, the journal's totals, the audit
 * shipping lag) is read when scraped.
 */
public final class NodeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ImageActionMetrics imageActions = new ImageActionMetrics(registry);
  private final SagaMetrics sagas = new SagaMetrics(registry);
  private final HttpMetrics http = new HttpMetrics(registry);
  private final EntityCounts entities;
  private final AtomicReference<LongSupplier> auditLag = new AtomicReference<>();

  public NodeMetrics(ActorSystem<?> system) {
    this.entities = new EntityCounts(system, registry);
    registry.register(new JournalCollector(JournalMetrics.get(system)));
  }

  public ImageActionMetrics imageActions() {
    return imageActions;
  }

  public SagaMetrics sagas() {
    return sagas;
  }

  public HttpMetrics http() {
    return http;
  }

  /**
   * Exports {@code lag}, the audit events the host wrote and the fleet's PostgreSQL does not
   * hold yet (docs/fleet.md, "Audit"), read at each scrape; called when the agent joins a
   * fleet, and again if it joins anew (the last one's is read). An agent alone has none.
   */
  public void auditShippingLag(LongSupplier lag) {
    if (auditLag.getAndSet(lag) == null) {
      GaugeWithCallback.builder().name("imagesaga_audit_shipping_lag_events")
          .help("Audit events of this host not yet known to be in the fleet's PostgreSQL")
          .callback(callback -> callback.call(auditLag.get().getAsLong()))
          .register(registry);
    }
  }

  /** Everything, the entities in memory counted first (each type's count waits briefly). */
  public CompletionStage<MetricSnapshots> scrape() {
    return entities.refresh().thenApply(counted -> registry.scrape());
  }
}
