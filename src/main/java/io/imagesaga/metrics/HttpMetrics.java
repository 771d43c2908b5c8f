package io.imagesaga.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The API's answers, by method, route and status. The route is the route table's pattern that
 * served the request ({@code /images/{name:.*}}), never its path, so that the label values are
 * as few as the table's lines; a request no line serves counts under {@link #UNMATCHED}.
 */
public final class HttpMetrics {
  /** The route of every request that no line of the table serves. */
  public static final String UNMATCHED = "unmatched";

  private final Counter requests;

  HttpMetrics(PrometheusRegistry registry) {
    this.requests = Counter.builder().name("imagesaga_http_requests_total")
        .help("Requests the API answered, by method, route pattern and status")
        .labelNames("method", "route", "status").register(registry);
  }

  public void answered(String method, String route, int status) {
    requests.labelValues(method, route, Integer.toString(status)).inc();
  }
}
