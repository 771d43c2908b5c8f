package io.imagesaga.content;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Group commit for one directory's fsync: callers that moved an entry into the directory wait
 * for a sync that <em>started after</em> their move, and one sync serves every caller that
 * arrived while the previous one ran. A many-image load stages two blobs per image from up to
 * a pool's worth of threads at once; each used to sync the directory on its own (docs/
 * performance.md, "Load").
 *
 * <p>Contract of {@link #sync}: it returns only once an {@link Fsync#directory} of the
 * directory began after the call did and returned; it throws the failure of the sync that was
 * to cover the caller if none such succeeded. Syncs of the directory never overlap.
 */
final class DirectorySync {
  private final Path directory;
  private final Fsync fsync;
  /** Syncs started so far; the n-th started sync is number n. */
  private long started;
  private long lastSucceeded;
  private long lastFailed;
  private IOException failure;
  private boolean running;
  /** Callers waiting for a sync that covers them; for tests that await a group. */
  private int waiting;

  DirectorySync(Path directory, Fsync fsync) {
    this.directory = directory;
    this.fsync = fsync;
  }

  /** The directory's entries made before this call are on disk once it returns. Blocking. */
  void sync() throws IOException {
    long number;
    synchronized (this) {
      // A sync already running may have read the directory before our move: the next one.
      long needed = started + 1;
      waiting++;
      try {
        while (true) {
          if (lastSucceeded >= needed) {
            return;
          }
          if (lastFailed >= needed) {
            throw new IOException("sync of " + directory + " failed", failure);
          }
          if (!running) {
            break;
          }
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for a sync of " + directory, e);
      } finally {
        waiting--;
      }
      running = true;
      number = ++started;
    }
    run(number);
  }

  /** Runs sync number {@code number}, outside the lock, and wakes every waiter. */
  private void run(long number) throws IOException {
    IOException failed = null;
    try {
      fsync.directory(directory);
    } catch (IOException e) {
      failed = e;
    } finally {
      synchronized (this) {
        running = false;
        if (failed == null) {
          lastSucceeded = number;
        } else {
          lastFailed = number;
          failure = failed;
        }
        notifyAll();
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Callers now waiting for a sync (tests). */
  synchronized int waiting() {
    return waiting;
  }
}
