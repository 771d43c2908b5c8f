package io.imagesaga.journal;

import java.time.Duration;

/**
 * The reads of the store that run off the journal's own thread (replays, highest sequence
 * numbers and tag queries run on Pekko's replay dispatcher), so that the journal closes LevelDB
 * only once none is running. Closing a native LevelDB under a live iterator is undefined
 * behaviour: it once aborted a test JVM with "pthread lock: Invalid argument" at shutdown.
 */
final class OpenReads {
  private int running;
  private boolean closed;

  /** Starts a read; refused once the store is closing, which a reader sees as a failed read. */
  synchronized void enter() {
    if (closed) {
      throw new IllegalStateException("the journal is stopping");
    }
    running++;
  }

  synchronized void exit() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /**
   * Refuses new reads and waits up to {@code patience} for the running ones to end.
   *
   * @return whether none runs any more, so that the store may be closed
   */
  synchronized boolean close(Duration patience) throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + patience.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
