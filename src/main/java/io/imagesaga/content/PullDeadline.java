package io.imagesaga.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When the fetch of one pull must have ended ({@code imagesaga.registry.pull-deadline}). The JDK
 * client's request timeout ends at the response headers; a body that trickles or stalls is
 * ended here: every body a pull reads is {@link #watch watched}, closed when the deadline passes
 * (which wakes a read blocked on it) and refusing reads after it.
 */
public final class PullDeadline {
  /** One daemon thread for every pull: it only closes streams. */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final Duration limit;
  /** Nanoseconds, as {@link System#nanoTime}; a test's own clock. */
  private final LongSupplier clock;
  private final long end;

  private PullDeadline(Duration limit, LongSupplier clock) {
    this.limit = limit;
    this.clock = clock;
    this.end = clock.getAsLong() + limit.toNanos();
  }

  /** A deadline {@code limit} from now. */
  public static PullDeadline after(Duration limit) {
    return new PullDeadline(limit, System::nanoTime);
  }

  /** A deadline {@code limit} after {@code clock}'s first reading. */
  static PullDeadline after(Duration limit, LongSupplier clock) {
    return new PullDeadline(limit, clock);
  }

  /** The time left, zero or negative once the deadline has passed. */
  public Duration remaining() {
    return Duration.ofNanos(end - clock.getAsLong());
  }

  public boolean passed() {
    return end - clock.getAsLong() <= 0;
  }

  /** Fails once the deadline has passed. */
  public void check() throws RegistryException {
    if (passed()) {
      throw exceeded();
    }
  }

  public RegistryException exceeded() {
    return new RegistryException("pull did not finish within " + RegistrySettings.text(limit)
        + " (" + RegistrySettings.name("pull-deadline") + ")");
  }

  /**
   * {@code body}, closed at the deadline if it is still open then; its reads fail with
   * {@link #exceeded} once the deadline has passed. Closing it cancels the watch.
   */
  public InputStream watch(InputStream body) {
    return new Watched(body);
  }

  private final class Watched extends FilterInputStream {
    private final ScheduledFuture<?> closer;

    Watched(InputStream body) {
      super(body);
      closer = WATCHDOG.schedule(this::closeQuietly, Math.max(0, end - clock.getAsLong()),
          TimeUnit.NANOSECONDS);
    }

    @Override
    public int read() throws IOException {
      check();
      try {
        int next = super.read();
        if (next < 0) {
          check();
        }
        return next;
      } catch (IOException e) {
        throw passed() ? exceeded() : e;
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      check();
      try {
        int read = super.read(buffer, offset, length);
        if (read < 0) {
          check();
        }
        return read;
      } catch (IOException e) {
        throw passed() ? exceeded() : e;
      }
    }

    @Override
    public void close() throws IOException {
      closer.cancel(false);
      super.close();
    }

    private void closeQuietly() {
      try {
        in.close();
      } catch (IOException ignored) {
        // Only to wake the reader; the read reports the deadline.
      }
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "imagesaga-pull-deadline");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
