package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A body read under a pull's deadline: a read blocked on a registry that sends nothing more is
 * woken when the deadline passes and fails with its message; a body that ends in time reads
 * as it is.
 */
class PullDeadlineTest {
  @Test
  void a_read_blocked_on_a_stalled_body_fails_when_the_deadline_passes() {
    Stalled stalled = new Stalled();
    InputStream body = PullDeadline.after(Duration.ofMillis(200)).watch(stalled);
    assertThatThrownBy(body::read).isInstanceOf(RegistryException.class)
        .hasMessage("pull did not finish within 200ms (imagesaga.registry.pull-deadline)");
    assertThat(stalled.closed.getCount()).as("the watchdog closed the body").isZero();
  }

  @Test
  void a_body_that_ends_in_time_reads_whole_and_cancels_its_watch() throws Exception {
    PullDeadline deadline = PullDeadline.after(Duration.ofMinutes(1));
    try (InputStream body = deadline.watch(new ByteArrayInputStream(new byte[] {1, 2, 3}))) {
      assertThat(body.readAllBytes()).containsExactly(1, 2, 3);
    }
    assertThat(deadline.passed()).isFalse();
  }

  /** A body whose registry sends nothing: a read blocks until the stream is closed. */
  private static final class Stalled extends InputStream {
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("closed");
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }
}
