package io.imagesaga.journal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.LongStream;

/**
 * Counts observations into fixed buckets, Prometheus-style: bucket {@code i} holds the
 * observations at most {@code upperBounds[i]} and above the bound before it; the last bucket
 * holds the rest. Updated by one writer, read by anyone at any time.
 */
public final class Histogram {
  private final long[] upperBounds;
  private final AtomicLongArray counts;
  private final AtomicLong sum = new AtomicLong();

  /** Buckets bounded by 1, 2, 4, ... up to {@code 2^(buckets-1)}, and one above. */
  static Histogram powersOfTwo(int buckets) {
    return new Histogram(LongStream.range(0, buckets).map(i -> 1L << i).toArray());
  }

  private Histogram(long[] upperBounds) {
    this.upperBounds = upperBounds.clone();
    this.counts = new AtomicLongArray(upperBounds.length + 1);
  }

  void observe(long value) {
    int bucket = Arrays.binarySearch(upperBounds, value);
    counts.incrementAndGet(bucket >= 0 ? bucket : -bucket - 1);
    sum.addAndGet(value);
  }

  public Snapshot snapshot() {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
    }
    return new Snapshot(Arrays.stream(upperBounds).boxed().toList(),
        Arrays.stream(copy).boxed().toList(), sum.get());
  }

  /**
   * The histogram at one moment (read bucket by bucket, so a concurrent observation may be in
   * {@code sum} and not yet in its bucket, or the other way round).
   *
   * @param upperBounds each bucket's inclusive upper bound; one more bucket follows, unbounded
   * @param counts observations per bucket (not cumulative), one more than {@code upperBounds}
   * @param sum of every observation
   */
  public record Snapshot(List<Long> upperBounds, List<Long> counts, long sum) {
    public long count() {
      return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** The highest bucket bound with an observation in it ({@code Long.MAX_VALUE}: above all). */
    public long highestBound() {
      for (int i = counts.size() - 1; i >= 0; i--) {
        if (counts.get(i) > 0) {
          return i < upperBounds.size() ? upperBounds.get(i) : Long.MAX_VALUE;
        }
      }
      return 0;
    }
  }
}
