package io.imagesaga.deletion;

import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;

/** dockerd's {@code engine_daemon_image_actions_seconds}, labelled by action. */
public final class ImageActionMetrics {
  private static final Histogram ACTIONS = Histogram.builder()
      .name("engine_daemon_image_actions_seconds")
      .help("The number of seconds it takes to process each image action")
      .labelNames("action")
      .register();

  private ImageActionMetrics() {}

  public static void observe(String action, Duration elapsed) {
    ACTIONS.labelValues(action).observe(elapsed.toNanos() / 1e9);
  }
}
