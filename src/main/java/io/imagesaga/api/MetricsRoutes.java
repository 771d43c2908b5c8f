package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import io.imagesaga.metrics.NodeMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the node's metrics in the Prometheus text format (version 0.0.4), as the
 * Prometheus client's writer writes them (docs/metrics.md). Served by the API's route table,
 * and by {@link MetricsServer} on an address of its own.
 */
final class MetricsRoutes {
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();
  /**
   * The writer's own, {@code text/plain; version=0.0.4; charset=utf-8}, to the letter: Pekko
   * would render its registered UTF-8 as {@code UTF-8}.
   */
  static final ContentType CONTENT_TYPE = ContentTypes.create(
      (MediaType.WithOpenCharset) ContentTypes.parse(WRITER.getContentType()).mediaType(),
      HttpCharsets.custom("utf-8"));

  private final NodeMetrics metrics;

  MetricsRoutes(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  Route scrape() {
    return onComplete(metrics.scrape(), scraped -> complete(scraped.isSuccess()
        ? HttpResponse.create().withEntity(CONTENT_TYPE, text(scraped.get()))
        : Errors.response(scraped.failed().get())));
  }

  private static byte[] text(MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WRITER.write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
