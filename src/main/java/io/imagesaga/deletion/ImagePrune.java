package io.imagesaga.deletion;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.NamedReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * moby's {@code ImagesPrune} (2019), repeated to a fixpoint: one prune at a time per node;
 * candidates are the images without children ({@code dangling=true}) or all images, filtered;
 * each is removed through the ordinary delete saga without force and with prune, by each of its
 * references
 * (only digest references when dangling-only; an image with a tag is not dangling) or by ID.
 * Conflicts are skipped silently, other failures logged and skipped.
 */
public final class ImagePrune {
  private static final Logger log = LoggerFactory.getLogger(ImagePrune.class);

  /** The deleted records and the bytes freed by the layers they removed. */
  public record Report(List<DeleteRecord> deleted, long spaceReclaimed) {}

  /** The node whose prunes are journaled; one prune runs at a time per node, as per daemon. */
  public static final String NODE = "local";

  /** What a prune does to the world: deletes, and journals its end. */
  public interface Effects {
    /** {@code docker rmi NAME}, without force, with prune. */
    CompletionStage<List<DeleteRecord>> delete(String name);

    /** Journals the prune event with the bytes reclaimed. */
    CompletionStage<?> completed(long reclaimed);

    /** The effects on a node: each delete a saga, the prune journaled by the node's entity. */
    static Effects of(Deletions deletions, Entities entities) {
      return new Effects() {
        @Override
        public CompletionStage<List<DeleteRecord>> delete(String name) {
          return deletions.delete(name, DeleteOptions.defaults(), Optional.empty());
        }

        @Override
        public CompletionStage<?> completed(long reclaimed) {
          return Entities.confirmed(entities.<Confirmation>prune(NODE,
              replyTo -> new PruneCommand.RecordCompleted(reclaimed, replyTo)));
        }
      };
    }
  }

  private final Effects effects;
  private final AtomicBoolean running = new AtomicBoolean();

  public ImagePrune(Effects effects) {
    this.effects = effects;
  }

  public CompletionStage<Report> run(
      Supplier<CompletionStage<List<ImageState>>> images, PruneFilters filters) {
    if (!running.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new RejectedException(
          Rejection.Conflict.hard("a prune operation is already running")));
    }
    List<DeleteRecord> records = new ArrayList<>();
    return untilNothingChanges(images, filters, records)
        .thenApply(done -> new Report(List.copyOf(records), records.stream()
            .filter(r -> r instanceof DeleteRecord.DeletedLayer)
            .mapToLong(r -> ((DeleteRecord.DeletedLayer) r).size()).sum()))
        .thenCompose(report -> effects.completed(report.spaceReclaimed())
            .thenApply(journaled -> report))
        .whenComplete((report, failure) -> running.set(false));
  }

  /**
   * Passes until one removes nothing: a pass can free what the next may take (with {@code -a},
   * a tagged parent whose last child went), and moby's single pass left those for the next
   * {@code docker image prune} (moby#44623). Every pass that goes on removed a reference or an
   * image, so this ends.
   */
  private CompletionStage<Void> untilNothingChanges(
      Supplier<CompletionStage<List<ImageState>>> images, PruneFilters filters,
      List<DeleteRecord> records) {
    int before = records.size();
    return images.get()
        .thenCompose(all -> {
          CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
          for (String name : targets(all, filters)) {
            chain = chain.thenCompose(done -> deleteQuietly(name, records));
          }
          return chain;
        })
        .thenCompose(done -> records.size() == before ? CompletableFuture.completedFuture(null)
            : untilNothingChanges(images, filters, records));
  }

  /** The names to delete, in a stable order (moby walks a map; any order is faithful). */
  static List<String> targets(List<ImageState> images, PruneFilters filters) {
    List<String> names = new ArrayList<>();
    images.stream()
        .filter(i -> !filters.danglingOnly() || i.children().isEmpty())
        .filter(i -> !(i.references().isEmpty() && !i.children().isEmpty()))
        .filter(i -> filters.admits(i.metadata().labels(), i.metadata().created()))
        .sorted(Comparator.comparing(i -> i.id().hex()))
        .forEach(i -> {
          if (i.references().isEmpty()) {
            names.add(i.id().hex());
          } else if (!filters.danglingOnly()
              || i.references().stream().allMatch(NamedReference::isCanonical)) {
            i.references().forEach(ref -> names.add(ref.toString()));
          }
        });
    return names;
  }

  private CompletionStage<Void> deleteQuietly(String name, List<DeleteRecord> records) {
    return effects.delete(name)
        .handle((deleted, failure) -> {
          if (failure == null) {
            records.addAll(deleted);
          } else if (!(rejection(failure) instanceof Rejection.Conflict)) {
            log.info("prune skipped {}: {}", name, failure.getMessage());
          }
          return null;
        });
  }

  private static Rejection rejection(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof RejectedException r ? r.rejection() : null;
  }
}
