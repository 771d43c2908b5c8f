package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.ChildNode;
import io.imagesaga.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imagesaga serve} on an address that is not loopback, without TLS: refused before the
 * node opens its journal, unless {@code IMAGESAGA_HTTP_INSECURE=true}, which warns.
 */
class ServeExposureTest {
  @TempDir Path tmp;

  @Test
  void all_addresses_without_tls_fail_the_start() throws Exception {
    Path data = tmp.resolve("data");
    ChildNode node = ChildNode.start(data, tmp.resolve("refused.log"), Ports.free(),
        Map.of("IMAGESAGA_HTTP_HOST", "0.0.0.0"));
    assertThat(node.awaitExit(Duration.ofMinutes(2))).isEqualTo(1);
    assertThat(Files.readString(node.log())).contains("Error: refusing to serve the Docker"
        + " Engine API on 0.0.0.0, which is not a loopback address, without verified client"
        + " certificates").contains("IMAGESAGA_HTTP_INSECURE=true");
    assertThat(data.resolve("journal")).doesNotExist();
  }

  @Test
  void insecure_serves_them_with_a_warning() throws Exception {
    ChildNode node = ChildNode.start(tmp.resolve("data"), tmp.resolve("insecure.log"),
        Ports.free(), Map.of("IMAGESAGA_HTTP_HOST", "0.0.0.0", "IMAGESAGA_HTTP_INSECURE",
            "true"));
    try {
      node.awaitReady(Duration.ofMinutes(2));
      assertThat(Files.readString(node.log())).containsPattern("WARN .* INSECURE: the Docker"
          + " Engine API listens on 0.0.0.0, beyond this host, without verified client"
          + " certificates");
    } finally {
      assertThat(node.terminate(Duration.ofMinutes(2))).isIn(0, 143);
    }
  }
}
