package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.PartialFunction;
import scala.collection.immutable.Seq;
import scala.concurrent.ExecutionContextExecutor;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Pekko's LevelDB journal whose writes arriving together go to disk as one synced LevelDB write
 * (docs/performance.md, "Journal").
 *
 * <p>Each {@code WriteMessages} (one persistent actor's batch) is queued, not written; the first
 * one queued sends the journal a {@link Flush}, which it handles after every message already in
 * its mailbox, so every write that arrived meanwhile is in the queue by then. The flush hands
 * the whole queue to the stock write: one LevelDB batch, one synced write, the tags' sequence
 * numbers and the query side's notifications as stock; then each caller's future completes with
 * its own share of the per-write results (a write that could not be serialized is rejected
 * alone), or, when the write failed, with its failure, which the journal answers with {@code
 * WriteMessagesFailed} as it would have alone. No future completes before the write (and its
 * fsync) returned: nothing is acknowledged before it is on disk. Writes keep their arrival order
 * in the batch, so one persistence ID's events keep theirs (an actor sends its next write only
 * once the last is acknowledged).
 *
 * <p>Every other message (replays, highest sequence numbers, deletes, tag queries,
 * subscriptions) first flushes the queue: it is handled after every write that arrived before
 * it, exactly as by the stock journal, so a replay never reads a highest sequence number that a
 * queued write is about to raise. Queued writes therefore wait for at most the writes queued
 * behind them, never for anything else: far inside the circuit breaker's call timeout, which
 * counts from the call and so includes that wait.
 */
@SuppressWarnings("deprecation")
public class GroupCommitJournal extends LeveldbJournal {
  /** The stock write completes before it returns: its callers are answered on the journal's thread. */
  private static final ExecutionContextExecutor ON_THE_COMPLETING_THREAD =
      ExecutionContexts.fromExecutor(Runnable::run);

  private final int maxEvents;
  private final JournalMetrics metrics;
  private final List<Queued> queue = new ArrayList<>();
  private int queuedEvents;
  /** A {@link Flush} is in the mailbox, behind every write queued since it was sent. */
  private boolean flushSent;

  /** Writes the queue. */
  private record Flush() {}

  private record Queued(List<AtomicWrite> writes, Promise<Seq<Try<BoxedUnit>>> written) {}

  public GroupCommitJournal(Config config) {
    super(config);
    this.maxEvents = config.getInt("group-commit.max-events");
    this.metrics = JournalMetrics.get(context().system());
  }

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    List<AtomicWrite> writes = CollectionConverters.asJava(messages);
    int events = events(writes);
    if (queuedEvents > 0 && queuedEvents + events > maxEvents) {
      flush();
    }
    Promise<Seq<Try<BoxedUnit>>> written = Futures.promise();
    queue.add(new Queued(writes, written));
    queuedEvents += events;
    if (queuedEvents >= maxEvents) {
      flush();
    } else if (!flushSent) {
      self().tell(new Flush(), self());
      flushSent = true;
    }
    return written.future();
  }

  @Override
  public void aroundReceive(PartialFunction<Object, BoxedUnit> receive, Object message) {
    if (message instanceof Flush) {
      flushSent = false;
      flush();
      return;
    }
    if (!(message instanceof JournalProtocol.WriteMessages)) {
      flush();
    }
    super.aroundReceive(receive, message);
  }

  /**
   * The stock write of {@code group}: one LevelDB batch, synced when {@code fsync} is on.
   * Overridable so that a test can make the disk fail.
   */
  protected Future<Seq<Try<BoxedUnit>>> writeGroup(Seq<AtomicWrite> group) {
    return super.asyncWriteMessages(group);
  }

  private void flush() {
    if (queue.isEmpty()) {
      return;
    }
    List<Queued> group = List.copyOf(queue);
    int events = queuedEvents;
    queue.clear();
    queuedEvents = 0;
    List<AtomicWrite> writes = new ArrayList<>();
    group.forEach(queued -> writes.addAll(queued.writes()));
    long start = System.nanoTime();
    Future<Seq<Try<BoxedUnit>>> written;
    try {
      written = writeGroup(CollectionConverters.asScala(writes).toList());
    } catch (RuntimeException e) {
      written = Futures.failed(e);
    }
    written.onComplete(result -> {
      metrics.wrote(writes.size(), events, System.nanoTime() - start, result.isFailure());
      complete(group, result);
      return BoxedUnit.UNIT;
    }, ON_THE_COMPLETING_THREAD);
  }

  /** Gives each caller its share of the group's results, in the order the writes were queued. */
  private static void complete(List<Queued> group, Try<Seq<Try<BoxedUnit>>> result) {
    if (result.isFailure()) {
      Throwable failure = result.failed().get();
      group.forEach(queued -> queued.written().failure(failure));
      return;
    }
    List<Try<BoxedUnit>> results = CollectionConverters.asJava(result.get());
    int from = 0;
    for (Queued queued : group) {
      int to = from + queued.writes().size();
      // An empty result means every write succeeded (the journal protocol allows it).
      queued.written().success(results.isEmpty() ? result.get()
          : CollectionConverters.asScala(results.subList(from, to)).toList());
      from = to;
    }
  }

  private static int events(List<AtomicWrite> writes) {
    return writes.stream().mapToInt(AtomicWrite::size).sum();
  }

  /**
   * A stopping journal handles no more messages, its queued writes included: they were not
   * written and their callers are not answered, as stock writes still in the mailbox would not be.
   */
  @Override
  public void postStop() {
    IllegalStateException stopped =
        new IllegalStateException("the journal stopped before this write was flushed");
    queue.forEach(queued -> queued.written().tryFailure(stopped));
    queue.clear();
    super.postStop();
  }
}
