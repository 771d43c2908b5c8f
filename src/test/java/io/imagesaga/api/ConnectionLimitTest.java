package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections are bounded (here 2; 256 in conf/limits.conf): while as many are open, slow or
 * idle, the next is not served, so that trickling clients cannot make the node hold
 * unboundedly many; it is served once one of them closes.
 */
class ConnectionLimitTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.max-connections", "2"));

  @Test
  void past_max_connections_the_next_one_waits_for_a_free_one() throws Exception {
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    RawConnection first = new RawConnection(NODE.port());
    try (RawConnection second = new RawConnection(NODE.port());
        RawConnection third = new RawConnection(NODE.port())) {
      first.get("/_ping");
      assertThat(first.read().status()).isEqualTo(200);
      second.get("/_ping");
      assertThat(second.read().status()).isEqualTo(200);

      third.get("/_ping");
      CompletableFuture<RawConnection.Response> answer =
          CompletableFuture.supplyAsync(() -> read(third));
      // What is tested is that nothing happens: the third is not served meanwhile.
      probe.expectNoMessage(Duration.ofSeconds(2));
      assertThat(answer).isNotDone();

      first.close();
      assertThat(answer.get(30, TimeUnit.SECONDS).text()).isEqualTo("OK");
    }
  }

  private static RawConnection.Response read(RawConnection connection) {
    try {
      return connection.read();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
