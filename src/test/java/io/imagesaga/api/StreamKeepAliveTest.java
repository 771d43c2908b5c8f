package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A JSON message stream with a quiet stretch (a load registering its images, a pull
 * downloading, {@code docker events} with nothing happening) writes a newline after each
 * keep-alive interval, so the idle timeout does not cut it; clients' JSON decoders skip it.
 */
class StreamKeepAliveTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void a_quiet_stream_writes_newlines_and_ends_with_its_last_message() throws Exception {
    CompletableFuture<Object> last = new CompletableFuture<>();
    List<String> written = new CopyOnWriteArrayList<>();
    var done = Json.lines(Source.<Object>single("first").concat(Source.completionStage(last)),
            Duration.ofMillis(50), () -> true)
        .runWith(Sink.foreach(bytes -> written.add(bytes.utf8String())), kit.system());

    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(written).startsWith("\"first\"\n").contains("\n");
      return null;
    });
    last.complete("last");
    done.toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(written.get(written.size() - 1)).isEqualTo("\"last\"\n");
    assertThat(written.subList(1, written.size() - 1)).containsOnly("\n");
  }

  @Test
  void no_newline_when_the_stream_is_not_to_be_kept_alive() throws Exception {
    CompletableFuture<Object> last = new CompletableFuture<>();
    List<String> written = new CopyOnWriteArrayList<>();
    var done = Json.lines(Source.completionStage(last), Duration.ofMillis(20), () -> false)
        .runWith(Sink.foreach(bytes -> written.add(bytes.utf8String())), kit.system());
    kit.createTestProbe().expectNoMessage(Duration.ofMillis(200));
    last.complete("only");
    done.toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(written).containsExactly("\"only\"\n");
  }

  /**
   * An events stream that ends at {@code until} needs no keep-alive that the stream's end
   * would follow before the idle timeout: a trailing newline is one the Python SDK fails to
   * decode at the end of its stream.
   */
  @Test
  void events_ending_before_the_idle_timeout_write_no_keep_alive() {
    Duration idle = Duration.ofSeconds(120);
    Duration every = Duration.ofSeconds(30);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(EventRoutes.keepAliveWanted(now, Optional.empty(), idle, every)).isTrue();
    assertThat(EventRoutes.keepAliveWanted(now, Optional.of(now.plusSeconds(61)), idle, every))
        .isTrue();
    assertThat(EventRoutes.keepAliveWanted(now, Optional.of(now.plusSeconds(60)), idle, every))
        .isFalse();
    assertThat(EventRoutes.keepAliveWanted(now, Optional.of(now.minusSeconds(1)), idle, every))
        .isFalse();
  }
}
