package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import scala.Function1;
import scala.PartialFunction;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Pekko's LevelDB journal whose writes arriving together go to disk as one synced LevelDB write
 * (docs/performance.md, "Journal").
 *
 * <p>Each {@code WriteMessages} (one persistent actor's batch) goes through the stock write,
 * which serializes it, gives it its tags' sequence numbers, notifies the query side and answers
 * which of its writes were rejected (could not be serialized), but into the one open LevelDB
 * batch instead of a batch of its own, and its caller's future is held. The open batch goes to a
 * thread of its own that writes it (synced when {@code fsync} is on) and then completes every
 * held future: no write is acknowledged before it is on disk, and a failed write fails every
 * caller in it, as it would have failed each alone. One batch is written at a time, in the order
 * they were opened, so one persistence ID's events keep their order (an actor sends its next
 * write only once the last is acknowledged). While one is written the next fills: the batch is
 * handed over when the previous write is done and a {@link Flush}, sent when the batch opened,
 * has come round behind the writes that were already in the mailbox, or when it holds
 * {@code group-commit.max-events} events (then after waiting for the previous write).
 *
 * <p>Every other message (replays, highest sequence numbers, deletes, tag queries,
 * subscriptions) first waits until everything serialized is written: it is handled after every
 * write that arrived before it, as by the stock journal, so a replay never reads a highest
 * sequence number that a held write is about to raise. A replay of a persistence ID none of
 * whose writes is held or being written goes at once ({@link Unwritten}): nothing not yet
 * written can change what it reads, and every new entity (each delete saga) recovers with one.
 */
@SuppressWarnings("deprecation")
public class GroupCommitJournal extends LeveldbJournal {
  /** How long a stop waits for running replays before it leaves LevelDB open instead. */
  private static final Duration READS_PATIENCE = Duration.ofSeconds(30);
  private final OpenReads reads = new OpenReads();
  private final int maxEvents;
  private final JournalMetrics metrics;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imagesaga-journal-writer");
    thread.setDaemon(true);
    return thread;
  });
  /** The batch the stock write serializes into, and the callers waiting for it. */
  private WriteBatch open;
  private final List<Held> held = new ArrayList<>();
  private int heldEvents;
  /** Set while the stock write runs: its batch is the open one, written later. */
  private boolean serializing;
  private boolean flushSent;
  /** The batch being written, done when it is written and its callers answered. */
  private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
  /**
   * A batch was handed over and this actor has not yet heard it is written: kept here, not read
   * from {@link #writing}, which may complete only after its {@link Written} was handled.
   */
  private boolean writerBusy;
  private long handedOver;
  private final Unwritten unwritten = new Unwritten();

  /** Hand the open batch over once the previous one is written. */
  private record Flush() {}

  /** The writer is done with batch {@code number}. */
  private record Written(long number) {}

  private record Held(Promise<Seq<Try<BoxedUnit>>> caller, Seq<Try<BoxedUnit>> results) {}

  public GroupCommitJournal(Config config) {
    super(config);
    this.maxEvents = config.getInt("group-commit.max-events");
    this.metrics = JournalMetrics.get(context().system());
  }

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    Future<Seq<Try<BoxedUnit>>> serialized;
    serializing = true;
    try {
      serialized = super.asyncWriteMessages(messages);
    } finally {
      serializing = false;
    }
    // The stock write answers before it returns; a failure here is not a rejection: nothing of
    // this call is acknowledged, and its puts, if any, are in no one's results.
    if (serialized.value().get().isFailure()) {
      return serialized;
    }
    Promise<Seq<Try<BoxedUnit>>> caller = Futures.promise();
    held.add(new Held(caller, serialized.value().get().get()));
    for (int i = 0; i < messages.size(); i++) {
      heldEvents += messages.apply(i).size();
      unwritten.held(messages.apply(i).persistenceId());
    }
    if (heldEvents >= maxEvents) {
      awaitWriting();
      handOver();
    } else if (!flushSent) {
      self().tell(new Flush(), self());
      flushSent = true;
    }
    return caller.future();
  }

  /** The stock write's batch: the open one while a write is serialized, its own otherwise. */
  @Override
  public <R> R withBatch(Function1<WriteBatch, R> body) {
    if (!serializing) {
      return super.withBatch(body);
    }
    if (open == null) {
      open = leveldb().createWriteBatch();
    }
    return body.apply(open);
  }

  @Override
  public void aroundReceive(PartialFunction<Object, BoxedUnit> receive, Object message) {
    if (message instanceof Flush) {
      flushSent = false;
      if (!writerBusy) {
        handOver();
      }
    } else if (message instanceof Written written) {
      unwritten.written(written.number());
      if (written.number() == handedOver) {
        writerBusy = false;
        handOver();
      }
    } else {
      if (!(message instanceof JournalProtocol.WriteMessages) && !independent(message)) {
        awaitWriting();
        handOver();
        awaitWriting();
      }
      super.aroundReceive(receive, message);
    }
  }

  /** A replay of a persistence ID that has nothing unwritten: it need not wait for the disk. */
  private boolean independent(Object message) {
    return message instanceof JournalProtocol.ReplayMessages replay
        && !unwritten.contains(replay.persistenceId());
  }

  /** Writes {@code batch}, synced when {@code fsync} is on; a test overrides it to fail. */
  protected void write(WriteBatch batch) {
    leveldb().write(batch, leveldbWriteOptions());
  }

  /** Gives the open batch to the writer; the previous one must be written. */
  private void handOver() {
    if (held.isEmpty()) {
      return;
    }
    WriteBatch batch = open;
    List<Held> callers = List.copyOf(held);
    int events = heldEvents;
    open = null;
    held.clear();
    heldEvents = 0;
    long number = ++handedOver;
    unwritten.handedOver(number);
    writerBusy = true;
    ActorRef journal = self();
    writing = CompletableFuture.runAsync(() -> writeAndAnswer(batch, callers, events), writer)
        .whenComplete((done, failure) -> journal.tell(new Written(number), journal));
  }

  private void writeAndAnswer(WriteBatch batch, List<Held> callers, int events) {
    long start = System.nanoTime();
    Throwable failure = null;
    try {
      write(batch);
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      release(batch);
    }
    metrics.wrote(callers.size(), events, System.nanoTime() - start, failure != null);
    for (Held waiting : callers) {
      if (failure == null) {
        waiting.caller().success(waiting.results());
      } else {
        waiting.caller().failure(failure);
      }
    }
  }

  /** Frees the batch's native memory; LevelDB's batches declare an IOException none throws. */
  private static void release(WriteBatch batch) {
    try {
      batch.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitWriting() {
    writing.join();
    writerBusy = false;
  }

  /**
   * A stopping journal handles no more messages: the batch being written is finished (LevelDB
   * closes after it), the held ones are neither written nor answered, as stock writes still in
   * the mailbox would not be.
   */
  @Override
  public void postStop() {
    try {
      writing.join();
    } finally {
      IllegalStateException stopped =
          new IllegalStateException("the journal stopped before this write was written");
      held.forEach(waiting -> waiting.caller().tryFailure(stopped));
      held.clear();
      if (open != null) {
        release(open);
      }
      writer.shutdown();
      closeOnceReadsEnd();
    }
  }

  /** Replays and tag queries read on the replay dispatcher: LevelDB closes once none runs. */
  private void closeOnceReadsEnd() {
    boolean idle;
    try {
      idle = reads.close(READS_PATIENCE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      idle = false;
    }
    if (idle) {
      super.postStop();
    } else {
      context().system().log().warning("The journal stopped with reads still running after {}: "
          + "LevelDB is left open for the process to close", READS_PATIENCE);
    }
  }

  @Override
  public <R> R withIterator(Function1<DBIterator, R> body) {
    reads.enter();
    try {
      return super.withIterator(body);
    } finally {
      reads.exit();
    }
  }

  @Override
  public long readHighestSequenceNr(int persistenceId) {
    reads.enter();
    try {
      return super.readHighestSequenceNr(persistenceId);
    } finally {
      reads.exit();
    }
  }
}
