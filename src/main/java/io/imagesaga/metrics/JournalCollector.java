package io.imagesaga.metrics;

import io.imagesaga.journal.Histogram;
import io.imagesaga.journal.JournalMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * What the group-commit journal counts ({@link JournalMetrics}), read when scraped: its
 * counters as they stand, and its histograms with their own buckets (powers of two), the write
 * latency's in microseconds exported in seconds.
 */
final class JournalCollector implements MultiCollector {
  private final JournalMetrics journal;

  JournalCollector(JournalMetrics journal) {
    this.journal = journal;
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of(
        counter("imagesaga_journal_writes", "LevelDB writes of the journal, each one group of"
            + " persistent actors' writes and one fsync (failed ones included)",
            journal.writes()),
        counter("imagesaga_journal_write_failures", "LevelDB writes that failed, failing"
            + " every write of their group", journal.failedWrites()),
        counter("imagesaga_journal_atomic_writes", "Writes of persistent actors (one persist"
            + " or persistAll each) the journal wrote", journal.atomicWrites()),
        counter("imagesaga_journal_events", "Events the journal wrote", journal.events()),
        histogram("imagesaga_journal_write_seconds", "Seconds per LevelDB write: serializing"
            + " its group, writing and syncing it", journal.writeMicros(), 1e-6),
        histogram("imagesaga_journal_batch_size", "Writes of persistent actors per LevelDB"
            + " write (the group committed at once)", journal.groupSizes(), 1));
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return CounterSnapshot.builder().name(name).help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
  }

  /** {@code snapshot}'s bounds times {@code unit}; its last bucket is +Inf. */
  private static HistogramSnapshot histogram(String name, String help,
      Histogram.Snapshot snapshot, double unit) {
    List<Double> bounds = new ArrayList<>();
    snapshot.upperBounds().forEach(bound -> bounds.add(bound * unit));
    bounds.add(Double.POSITIVE_INFINITY);
    return HistogramSnapshot.builder().name(name).help(help)
        .dataPoint(HistogramDataPointSnapshot.builder()
            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, snapshot.counts()))
            .sum(snapshot.sum() * unit).build())
        .build();
  }
}
