package io.imagesaga.deletion;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;

/**
 * dockerd's {@code engine_daemon_image_actions_seconds}, labelled by action, with go-metrics'
 * buckets (Prometheus' defaults, 5 ms to 10 s). Of the actions dockerd's image service records
 * ({@code delete}, {@code history}, {@code pull}, {@code push}) this agent performs all but
 * push; like dockerd's containerd image store, it records an action only once it succeeded.
 * Each is exported from zero, so that a rate is defined before the first.
 * One per node, in the node's registry: tests run several nodes in one JVM, and a histogram in
 * the static default registry would sum their deletes.
 */
public final class ImageActionMetrics {
  public static final String DELETE = "delete";
  public static final String HISTORY = "history";
  public static final String PULL = "pull";

  private final Histogram actions;

  public ImageActionMetrics(PrometheusRegistry registry) {
    this.actions = Histogram.builder()
        .name("engine_daemon_image_actions_seconds")
        .help("The number of seconds it takes to process each image action")
        .labelNames("action")
        .classicOnly()
        .register(registry);
    for (String action : List.of(DELETE, HISTORY, PULL)) {
      actions.labelValues(action);
    }
  }

  /** {@code action} succeeded, {@code startNanos} ({@link System#nanoTime}) after it began. */
  public void succeeded(String action, long startNanos) {
    observe(action, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private void observe(String action, Duration elapsed) {
    actions.labelValues(action).observe(elapsed.toNanos() / 1e9);
  }
}
