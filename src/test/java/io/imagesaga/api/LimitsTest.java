package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.imagesaga.app.AppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf/limits.conf as shipped, and the settings that do not fit together. */
class LimitsTest {

  private static Config conf(Map<String, ?> overrides) {
    return AppConfig.load(Path.of("conf"), overrides);
  }

  @Test
  void the_shipped_limits_fit_together_and_reach_the_server() {
    Config config = conf(Map.of());
    Limits limits = Limits.of(config);
    assertThat(limits.loadBody()).isEqualTo(16L << 30);
    assertThat(limits.jsonBody()).isEqualTo(1L << 20);
    assertThat(limits.loads()).isEqualTo(new Limits.Gate(4, 8));
    assertThat(config.getBytes("pekko.http.server.parsing.max-content-length"))
        .isEqualTo(1L << 20);
    assertThat(config.getInt("pekko.http.server.max-connections")).isEqualTo(256);
    assertThat(config.getDuration("pekko.http.server.idle-timeout"))
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(config.getDuration("pekko.http.server.request-timeout"))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void permits_that_would_take_the_whole_blocking_pool_are_refused_at_start() {
    assertThatThrownBy(() -> Limits.of(conf(Map.of(
        "imagesaga.limits.admission.pulls.permits", 9))))
        .hasMessage("imagesaga.limits: the permits of loads, pulls and saves (17) and"
            + " admission.blocking-reserve (4) exceed the blocking pool's 16 threads");
  }

  @Test
  void streams_and_queues_must_write_within_the_idle_timeout() {
    assertThatThrownBy(() -> Limits.of(conf(Map.of(
        "imagesaga.limits.stream-keep-alive", "120s"))))
        .hasMessage("imagesaga.limits: stream-keep-alive must be shorter than idle-timeout");
    assertThatThrownBy(() -> Limits.of(conf(Map.of(
        "imagesaga.limits.admission.queue-wait", "5m"))))
        .hasMessage("imagesaga.limits: admission.queue-wait must be shorter than idle-timeout");
  }
}
