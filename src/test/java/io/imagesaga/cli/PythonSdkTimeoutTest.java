package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A script that never ends fails its test and is killed; it does not hang the suite. */
class PythonSdkTimeoutTest {

  @Test
  void a_process_that_outlives_its_timeout_is_killed_and_fails() throws Exception {
    Process process = new ProcessBuilder("sleep", "600").start();
    try {
      // The bound only catches a wait that ignores the timeout; the answer comes after 1s.
      assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
          assertThatThrownBy(() -> PythonSdk.await(process, Duration.ofSeconds(1), "sleep 600"))
              .isInstanceOf(IllegalStateException.class).hasMessage("sleep 600 hung"));
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void a_process_that_ends_gives_its_exit_and_both_outputs() throws Exception {
    Process process = new ProcessBuilder("sh", "-c", "echo out; echo err >&2; exit 3").start();

    assertThat(PythonSdk.await(process, Duration.ofSeconds(60), "sh"))
        .isEqualTo(new PythonSdk.Result(3, "out\n", "err\n"));
  }
}
