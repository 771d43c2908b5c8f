package io.imagesaga.checkpoint;

import io.imagesaga.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side's folds of the journal, saved with the tag offset they cover, so that a start
 * reads only the events written after the last checkpoint instead of the whole history. A
 * checkpoint is derived from the journal alone (never from live state), so it is exactly the
 * fold of the events up to its offset; a checkpoint that is missing, damaged or does not match
 * the journal costs a whole read of the tag, never a wrong state.
 */
public final class Checkpoints {
  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

  private final ActorSystem<?> system;
  private final CurrentEventsByTagQuery journal;
  private final CheckpointFile files;
  private final Executor blocking;
  private final Map<String, Object> writing = new ConcurrentHashMap<>();
  /** By tag, the offset of the saved checkpoint this node read or wrote whole. */
  private final Map<String, Long> sound = new ConcurrentHashMap<>();
  /**
   * The tags whose saved checkpoint this node found damaged or not matching the journal: the
   * next save replaces it whatever offset its header claims (an older journal's checkpoint may
   * claim one the journal has not reached), or every start would read the whole tag again.
   */
  private final Set<String> unusable = ConcurrentHashMap.newKeySet();

  public Checkpoints(ActorSystem<?> system, String readJournalPluginId, Path dir,
      Executor blocking) {
    this(system, readJournalPluginId, dir, blocking, List.of());
  }

  /** @param codecs the states written in an encoding of their own ({@link StateCodec}) */
  public Checkpoints(ActorSystem<?> system, String readJournalPluginId, Path dir,
      Executor blocking, List<StateCodec<?>> codecs) {
    this.system = system;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    this.files = new CheckpointFile(dir,
        SerializationExtension.get(Adapter.toClassic(system)), codecs);
    this.blocking = blocking;
  }

  /**
   * The fold of everything the journal holds now: the saved checkpoint brought up to date, or,
   * without a usable one, the whole tag. Every event read is counted in {@code read}.
   */
  public <S> CompletionStage<Checkpoint<S>> current(TagFold<S> fold, LongAdder read) {
    return saved(fold).thenCompose(saved -> current(fold, saved, read));
  }

  /**
   * {@link #current}, from {@code saved}, a checkpoint {@link #saved} read earlier: a start
   * reads the files it needs at once and brings each up to date when it needs it.
   */
  public <S> CompletionStage<Checkpoint<S>> current(TagFold<S> fold, Checkpoint<S> saved,
      LongAdder read) {
    return advance(fold, saved, read)
        .exceptionallyCompose(failure -> {
          if (!(Failures.cause(failure) instanceof CheckpointMismatch mismatch)) {
            return CompletableFuture.failedFuture(failure);
          }
          log.warn("{}; reading the {} tag from its start", mismatch.getMessage(), fold.tag());
          sound.remove(fold.tag());
          unusable.add(fold.tag());
          return advance(fold, Checkpoint.start(fold.tag()), read);
        });
  }

  /**
   * {@code from} brought up to what the journal holds now; fails with
   * {@link CheckpointMismatch} if it does not belong to the journal.
   */
  public <S> CompletionStage<Checkpoint<S>> advance(TagFold<S> fold, Checkpoint<S> from,
      LongAdder read) {
    Map<String, S> states = new HashMap<>(from.states());
    EventEnvelope[] last = {null};
    return verify(from)
        .thenCompose(ok -> journal.currentEventsByTag(fold.tag(), new Sequence(from.offset()))
            .runForeach(envelope -> {
              fold.apply(states, envelope.persistenceId(), envelope.event());
              last[0] = envelope;
              read.increment();
            }, system))
        .thenApply(done -> last[0] == null ? new Checkpoint<>(fold.tag(), from.offset(),
            from.last(), states) : new Checkpoint<>(fold.tag(), offset(last[0]),
            Optional.of(eventId(last[0])), states));
  }

  /**
   * Saves {@code checkpoint}, unless its tag's saved checkpoint is later, or is known sound and
   * covers the same offset (so an unchanged start rewrites nothing); a saved checkpoint found
   * damaged or not matching the journal is replaced by the start that read around it.
   */
  public CompletionStage<Done> save(Checkpoint<?> checkpoint) {
    String tag = checkpoint.tag();
    return CompletableFuture.supplyAsync(() -> {
      synchronized (writing.computeIfAbsent(tag, t -> new Object())) {
        if (unusable.contains(tag) || (sound.getOrDefault(tag, -1L) != checkpoint.offset()
            && savedOffset(tag, -1) <= checkpoint.offset())) {
          try {
            files.write(checkpoint);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          sound.put(tag, checkpoint.offset());
          unusable.remove(tag);
        }
      }
      return Done.getInstance();
    }, blocking);
  }

  /**
   * Brings the saved checkpoint of {@code fold} up to what the journal holds now; reads nothing
   * but its header and one event when nothing was written since.
   */
  public <S> CompletionStage<Done> refresh(TagFold<S> fold) {
    return CompletableFuture.supplyAsync(() -> savedOffset(fold.tag(), 0), blocking)
        .thenCompose(offset -> journal.currentEventsByTag(fold.tag(), new Sequence(offset))
            .runWith(Sink.headOption(), system))
        .thenCompose(next -> next.isEmpty()
            ? CompletableFuture.completedFuture(Done.getInstance())
            : current(fold, new LongAdder()).thenCompose(this::save));
  }

  /**
   * Brings the saved checkpoints of {@code folds} up to date every {@code every} while the node
   * runs, one refresh at a time, and those of {@code atStop} too when the node stops, after
   * sharding has stopped the entities (nothing is written after that).
   */
  public void keepUpToDate(List<TagFold<?>> folds, Duration every, List<TagFold<?>> atStop) {
    AtomicBoolean busy = new AtomicBoolean();
    system.scheduler().scheduleWithFixedDelay(every, every, () -> {
      if (busy.compareAndSet(false, true)) {
        refreshAll(folds).whenComplete((done, failure) -> {
          busy.set(false);
          if (failure != null) {
            log.warn("cannot bring the checkpoints up to date", failure);
          }
        });
      }
    }, system.executionContext());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "save-checkpoints", () -> refreshAll(atStop));
  }

  private CompletionStage<Done> refreshAll(List<TagFold<?>> folds) {
    CompletionStage<Done> all = CompletableFuture.completedFuture(Done.getInstance());
    for (TagFold<?> fold : folds) {
      all = all.thenCompose(done -> refresh(fold));
    }
    return all;
  }

  /** The offset in the header of the saved checkpoint of {@code tag}, or {@code otherwise}. */
  private long savedOffset(String tag, long otherwise) {
    try {
      return files.offset(tag).orElse(otherwise);
    } catch (IOException e) {
      return otherwise;
    }
  }

  /**
   * The saved checkpoint of {@code fold}, read on the blocking executor; the start of the tag
   * if there is none or it cannot be read (the next save then replaces it).
   */
  public <S> CompletionStage<Checkpoint<S>> saved(TagFold<S> fold) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Optional<CheckpointFile.Saved<S>> saved = files.read(fold.tag());
        // One of an earlier format is not known sound: the start saves it again, as it is now.
        saved.filter(CheckpointFile.Saved::currentFormat)
            .ifPresent(current -> sound.put(fold.tag(), current.checkpoint().offset()));
        return saved.map(CheckpointFile.Saved::checkpoint).orElse(Checkpoint.start(fold.tag()));
      } catch (IOException | RuntimeException e) {
        unusable.add(fold.tag());
        log.warn("cannot read the checkpoint of the {} tag ({}); reading the tag from its start",
            fold.tag(), e.toString());
        return Checkpoint.start(fold.tag());
      }
    }, blocking);
  }

  /** Whether the event {@code checkpoint} ends with is at its offset in the journal. */
  private CompletionStage<Done> verify(Checkpoint<?> checkpoint) {
    if (checkpoint.last().isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return journal.currentEventsByTag(checkpoint.tag(), new Sequence(checkpoint.offset() - 1))
        .runWith(Sink.headOption(), system)
        .thenApply(first -> {
          if (first.isEmpty() || offset(first.get()) != checkpoint.offset()
              || !eventId(first.get()).equals(checkpoint.last().get())) {
            throw new CheckpointMismatch("the checkpoint of the " + checkpoint.tag()
                + " tag does not match the journal at offset " + checkpoint.offset());
          }
          return Done.getInstance();
        });
  }

  private static long offset(EventEnvelope envelope) {
    return ((Sequence) envelope.offset()).value();
  }

  private static Checkpoint.EventId eventId(EventEnvelope envelope) {
    return new Checkpoint.EventId(envelope.persistenceId(), envelope.sequenceNr());
  }

}
