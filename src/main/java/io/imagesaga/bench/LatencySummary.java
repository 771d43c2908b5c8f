package io.imagesaga.bench;

import java.util.Arrays;

/**
 * What a run of timed requests showed: how many, their nearest-rank percentiles, and how many
 * per second over the run's wall time (which, with parallel clients, is not the sum of the
 * latencies).
 */
public record LatencySummary(int count, double p50Millis, double p99Millis, double maxMillis,
    double wallSeconds) {

  /** Summarises {@code nanos}, one latency per request, timed over {@code wallNanos}. */
  public static LatencySummary of(long[] nanos, long wallNanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1]), wallNanos / 1e9);
  }

  /**
   * The nearest-rank percentile of sorted samples: the smallest sample that at least
   * {@code p} percent of the samples do not exceed.
   */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  public double perSecond() {
    return count / wallSeconds;
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
