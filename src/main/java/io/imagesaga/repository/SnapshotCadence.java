package io.imagesaga.repository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often a repository snapshots, by its size. A snapshot holds every reference, so at a fixed
 * cadence a repository of a hundred thousand tags wrote about 10 MB every hundred events. Here a
 * repository snapshots about once per {@value #REPLAY_FRACTION}th of its size in events (the
 * configured cadence at least, times a power of two): a snapshot's cost, spread over the events
 * between two of them, stays a few hundred bytes per event however big the repository grows, and
 * recovery replays at most a quarter of its size in events beside the snapshot, which loads
 * about as fast as that many events replay.
 *
 * <p>The cadence is fixed when a repository's entity starts (Pekko's retention is), so an entity
 * whose size moved four-fold away from its cadence is restarted with a new one; the cadence each
 * repository last needed is remembered here, per node, for its next start.
 */
final class SnapshotCadence {
  static final int REPLAY_FRACTION = 4;
  private static final int HYSTERESIS = 4;

  private final int base;
  private final Map<String, Integer> intervals = new ConcurrentHashMap<>();

  SnapshotCadence(int base) {
    this.base = base;
  }

  /** Every how many events a repository of {@code size} references snapshots. */
  int intervalFor(int size) {
    int interval = base;
    while ((long) interval * REPLAY_FRACTION < size && interval <= Integer.MAX_VALUE / 2) {
      interval *= 2;
    }
    return interval;
  }

  /** The cadence {@code repository} starts with: the one it last needed, else the base. */
  int startingInterval(String repository) {
    return intervals.getOrDefault(repository, base);
  }

  /**
   * Whether {@code repository}, snapshotting every {@code interval} events at {@code size}
   * references, should start again with another cadence, which is then remembered for it. A
   * four-fold margin keeps a size that hovers about a boundary from restarting it over and over.
   */
  boolean outgrown(String repository, int interval, int size) {
    int ideal = intervalFor(size);
    if (ideal < (long) interval * HYSTERESIS && (long) ideal * HYSTERESIS > interval) {
      return false;
    }
    if (ideal == base) {
      intervals.remove(repository);
    } else {
      intervals.put(repository, ideal);
    }
    return true;
  }
}
