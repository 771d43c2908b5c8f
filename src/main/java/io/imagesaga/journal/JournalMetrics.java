package io.imagesaga.journal;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * What the {@link GroupCommitJournal} of an actor system has written: one LevelDB write per
 * group (synced when the plugin's {@code fsync} is on), how many writes of persistent actors and
 * events went in, how long each took. Read-only outside this package; updated by the journal as
 * it writes.
 */
public final class JournalMetrics implements Extension {
  private static final ExtensionId<JournalMetrics> ID = new AbstractExtensionId<>() {
    @Override
    public JournalMetrics createExtension(ExtendedActorSystem system) {
      return new JournalMetrics();
    }
  };

  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong atomicWrites = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  /** Writes of persistent actors ({@code AtomicWrite}s) per LevelDB write. */
  private final Histogram groupSizes = Histogram.powersOfTwo(11);
  /** Microseconds per LevelDB write: serializing the group, writing and syncing it. */
  private final Histogram writeMicros = Histogram.powersOfTwo(21);

  private JournalMetrics() {}

  public static JournalMetrics get(ActorSystem system) {
    return ID.get(system);
  }

  public static JournalMetrics get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return get(Adapter.toClassic(system));
  }

  /** LevelDB writes issued, failed ones included: the fsyncs, when fsync is on. */
  public long writes() {
    return writes.get();
  }

  /** LevelDB writes that failed (every write in their group failed with them). */
  public long failedWrites() {
    return failedWrites.get();
  }

  /** Writes of persistent actors (one {@code persist} or {@code persistAll} each) issued. */
  public long atomicWrites() {
    return atomicWrites.get();
  }

  public long events() {
    return events.get();
  }

  public Histogram.Snapshot groupSizes() {
    return groupSizes.snapshot();
  }

  public Histogram.Snapshot writeMicros() {
    return writeMicros.snapshot();
  }

  void wrote(int groupSize, int groupEvents, long nanos, boolean failed) {
    writes.incrementAndGet();
    if (failed) {
      failedWrites.incrementAndGet();
    }
    atomicWrites.addAndGet(groupSize);
    events.addAndGet(groupEvents);
    groupSizes.observe(groupSize);
    writeMicros.observe(nanos / 1000);
  }
}
