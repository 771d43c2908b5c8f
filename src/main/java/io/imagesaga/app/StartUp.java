package io.imagesaga.app;

import io.imagesaga.OpenSagas;
import io.imagesaga.SagaKind;
import io.imagesaga.catalog.CatalogFeed;
import io.imagesaga.catalog.CatalogLoader;
import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.Checkpoints;
import io.imagesaga.checkpoint.TagFold;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.OrphanBlobs;
import io.imagesaga.deletion.Deletions;
import io.imagesaga.operation.Operations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does before clients are served, in proportion to what is open rather than to the
 * history: the catalog from its checkpoint and what followed; the open deletes and operations
 * from the index of open sagas, finished (operations first, as a delete may wait on one); the
 * ownerless layer blobs removed, only once all of them have finished; then the resumer, which
 * carries on open sagas while the node runs. A slow step logs its progress and is waited for,
 * except the interrupted work, which is waited for {@code settle-timeout} at most.
 */
final class StartUp {
  private static final Logger log = LoggerFactory.getLogger(StartUp.class);
  private static final List<SagaKind<?>> SAGAS = List.of(Operations.SAGAS, Deletions.SAGAS);
  private static final long FOREVER = Long.MAX_VALUE;

  private final ActorSystem<?> system;
  private final Settings settings;
  private final Checkpoints checkpoints;
  private final LongAdder read = new LongAdder();
  private final List<Checkpoint<?>> folded = new ArrayList<>();
  /** By tag, the saved checkpoints this start needs, all read at once from its beginning. */
  private final Map<String, CompletionStage<? extends Checkpoint<?>>> saved = new HashMap<>();
  /** How long each step took, for the log line that says the node is ready. */
  private final List<String> steps = new ArrayList<>();
  private final long started = System.nanoTime();
  private long stepStarted = started;

  /**
   * Starts reading the saved checkpoints of every fold the start needs, on the blocking
   * executor, while the actor system forms its cluster and the entities' sharding starts: the
   * images' and the layers' are most of a start's work, and they are read side by side.
   */
  StartUp(ActorSystem<?> system, Settings settings, Checkpoints checkpoints) {
    this.system = system;
    this.settings = settings;
    this.checkpoints = checkpoints;
    List<TagFold<?>> needed = new ArrayList<>(List.of(CatalogLoader.IMAGES,
        CatalogLoader.CONTAINERS, OrphanBlobs.LAYERS));
    SAGAS.forEach(kind -> needed.add(kind.index()));
    needed.forEach(fold -> saved.put(fold.tag(), checkpoints.saved(fold)));
  }

  /** Fills the catalog from the journal, however long that takes. */
  void loadCatalog(CatalogFeed feed) throws Exception {
    step("cluster and sharding");
    folded.addAll(await(CatalogLoader.load(current(CatalogLoader.IMAGES),
            current(CatalogLoader.CONTAINERS), feed), "rebuilding the catalog",
        () -> read.sum() + " events read"));
    step("catalog");
  }

  /**
   * Finishes the interrupted work, sweeps if it could, and starts the resumer. Returns whether
   * all interrupted work finished: what else a start tidies (stale import leases) must wait for
   * that too.
   */
  boolean recover(BlobStore blobs, Executor blocking) throws Exception {
    List<Checkpoint<Boolean>> indexes = new ArrayList<>();
    for (SagaKind<?> kind : SAGAS) {
      indexes.add(await(current(kind.index()), "reading the open sagas",
          () -> read.sum() + " events read"));
    }
    folded.addAll(indexes);
    step("open sagas");
    long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
    boolean finished = true;
    for (int i = 0; i < SAGAS.size(); i++) {
      finished &= settle(SAGAS.get(i), indexes.get(i), deadline);
    }
    step("interrupted work");
    if (finished) {
      OrphanBlobs.Swept swept = await(OrphanBlobs.sweep(current(OrphanBlobs.LAYERS), blobs,
          blocking), "looking for ownerless layer blobs", () -> read.sum() + " events read");
      step("ownerless blobs");
      folded.add(swept.layers());
      if (swept.removed() > 0) {
        log.info("start: {} layer blobs left ownerless removed", swept.removed());
      }
    } else {
      log.warn("start: interrupted work still running; ownerless layer blobs are left for the "
          + "next start, as one of them may be about to be taken");
    }
    system.systemActorOf(OpenSagas.create(checkpoints, SAGAS, indexes, settings.resumeEvery()),
        "open-sagas", Props.empty());
    return finished;
  }

  /**
   * Saves what the start folded, in the background, and keeps the checkpoints up to date
   * while the node runs and when it stops.
   */
  void keepCheckpoints() {
    folded.forEach(checkpoint -> checkpoints.save(checkpoint).whenComplete((done, failure) -> {
      if (failure != null) {
        log.warn("cannot save the checkpoint of the {} tag", checkpoint.tag(), failure);
      }
    }));
    List<TagFold<?>> readSide = List.of(CatalogLoader.IMAGES, CatalogLoader.CONTAINERS,
        OrphanBlobs.LAYERS);
    List<TagFold<?>> all = new ArrayList<>(readSide);
    SAGAS.forEach(kind -> all.add(kind.index()));
    checkpoints.keepUpToDate(readSide, settings.checkpointEvery(), all);
    step("services");
    log.info("start: ready after {} s, {} journal events read ({})",
        String.format("%.1f", (System.nanoTime() - started) / 1e9), read.sum(),
        String.join(", ", steps));
  }

  /** The fold of {@code fold}'s tag as the journal holds it now, from its saved checkpoint. */
  @SuppressWarnings("unchecked")
  private <S> CompletionStage<Checkpoint<S>> current(TagFold<S> fold) {
    return ((CompletionStage<Checkpoint<S>>) saved.get(fold.tag()))
        .thenCompose(checkpoint -> checkpoints.current(fold, checkpoint, read));
  }

  /** Records that the step {@code what} ended now. */
  private void step(String what) {
    long now = System.nanoTime();
    steps.add(String.format("%s %.1f s", what, (now - stepStarted) / 1e9));
    stepStarted = now;
  }

  /**
   * Whether every open saga of {@code kind} ended before {@code deadline}: the question to each
   * lasts until the deadline at most, and one unanswered counts as not ended.
   */
  private boolean settle(SagaKind<?> kind, Checkpoint<Boolean> index, long deadline)
      throws Exception {
    int open = kind.open(index).size();
    if (open == 0) {
      return true;
    }
    log.info("start: finishing {} interrupted {}s", open, kind.name());
    LongAdder settled = new LongAdder();
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    Optional<Integer> ended = awaitUntil(OpenSagas.settle(system, kind, index, left, settled),
        deadline, "finishing interrupted " + kind.name() + "s",
        () -> settled.sum() + " of " + open);
    if (ended.orElse(0) < open) {
      log.warn("start: {} of {} interrupted {}s not finished within {}; they carry on in the "
          + "background", open - settled.sum(), open, kind.name(), settings.settleTimeout());
      return false;
    }
    return true;
  }

  private <T> T await(CompletionStage<T> step, String what, Supplier<String> progress)
      throws Exception {
    return awaitUntil(step, FOREVER, what, progress).orElseThrow();
  }

  /** The step's result, or empty at {@code deadline} (a nano time); logs progress meanwhile. */
  private <T> Optional<T> awaitUntil(CompletionStage<T> step, long deadline, String what,
      Supplier<String> progress) throws Exception {
    CompletableFuture<T> result = step.toCompletableFuture();
    long every = settings.progressEvery().toNanos();
    while (true) {
      long wait = deadline == FOREVER ? every
          : Math.max(0, Math.min(deadline - System.nanoTime(), every));
      try {
        return Optional.of(result.get(wait, TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        if (deadline != FOREVER && deadline - System.nanoTime() <= 0) {
          return Optional.empty();
        }
        log.info("start: {}: {} after {} s", what, progress.get(),
            (System.nanoTime() - started) / 1_000_000_000);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }
}
