package io.imagesaga.metrics;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.Scrape;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes in one JVM, as tests run them: each counts only its own work. */
class NodeMetricsTest {
  private static final String DELETES =
      "engine_daemon_image_actions_seconds_count{action=\"delete\"}";

  @TempDir Path tmp;

  private static Scrape scrape(NodeDriver node) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out,
        NodeDriver.await(node.node().metrics().scrape()));
    return Scrape.of(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void each_node_counts_its_own_deletes() throws Exception {
    try (NodeDriver one = NodeDriver.start(Files.createDirectories(tmp.resolve("one")));
        NodeDriver other = NodeDriver.start(Files.createDirectories(tmp.resolve("other")))) {
      one.register("isolated", Optional.empty(), List.of(diffId("isolated-l1")), "isolated:1");
      assertThat(one.rmi("isolated:1", DeleteOptions.defaults())).contains("Untagged: isolated:1");
      assertThat(scrape(one).value(DELETES)).isEqualTo(1);
      assertThat(scrape(other).value(DELETES)).isZero();
      assertThat(scrape(other).value("imagesaga_sagas_started_total{saga=\"delete\"}")).isZero();
    }
  }
}
