package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker events} follows for as long as the client stays, whatever the idle timeout
 * (here 2 s): a stream with nothing to say writes keep-alive newlines, and an event after a
 * quiet stretch longer than the idle timeout still arrives.
 */
class EventsKeepAliveTest {
  private static final Duration IDLE = Duration.ofSeconds(2);
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.idle-timeout", "2s",
      "imagesaga.limits.stream-keep-alive", "500ms",
      "imagesaga.limits.request-timeout", "1s",
      "imagesaga.limits.admission.queue-wait", "1s"));

  @Test
  void an_event_after_a_quiet_stretch_longer_than_the_idle_timeout_arrives() throws Exception {
    NODE.driver().register("quiet-events", Optional.empty(), List.of(diffId("quiet-events")),
        "events/quiet:1");
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.get("/v1.47/events?filters=" + URLEncoder.encode(
          "{\"event\":{\"tag\":true}}", StandardCharsets.UTF_8));
      assertThat(connection.head().status()).isEqualTo(200);
      // What is tested is time passing: twice the idle timeout without an event.
      probe.expectNoMessage(IDLE.multipliedBy(2));
      assertThat(NODE.driver().tag("events/quiet:1", "events/quiet:2")).isEmpty();

      String chunk = connection.chunk();
      while (chunk.isBlank()) {
        chunk = connection.chunk();
      }
      assertThat(chunk).contains("\"Action\":\"tag\"", "events/quiet:2");
    }
  }
}
