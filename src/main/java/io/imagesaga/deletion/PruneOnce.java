package io.imagesaga.deletion;

import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.catalog.CatalogImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A host's part of a fleet prune, done at most once per key (docs/fleet.md, "Fleet deletes"):
 * {@code docker image prune} whose every delete is {@link Deletions#deleteOnce} under a key
 * derived from the prune's key, the image and the name, and whose end is journaled with its key
 * and records ({@link PruneEvent.Completed}). Asked again, it answers the journaled records; a
 * run still under way on this node is joined; one cut short by a crash is run again, its deletes
 * answering what they did the first time, so nothing is deleted twice. Images that carry a
 * protected reference are no candidates, and each delete checks again.
 */
public final class PruneOnce {
  private final ImagePrune prune;
  private final Deletions deletions;
  private final Entities entities;
  private final Map<String, CompletableFuture<ImagePrune.Report>> running =
      new ConcurrentHashMap<>();

  public PruneOnce(ImagePrune prune, Deletions deletions, Entities entities) {
    this.prune = prune;
    this.deletions = deletions;
    this.entities = entities;
  }

  public CompletionStage<ImagePrune.Report> run(String key,
      Supplier<CompletionStage<List<CatalogImage>>> images, PruneFilters filters,
      List<String> protectedPatterns, Provenance provenance) {
    CompletableFuture<ImagePrune.Report> mine = new CompletableFuture<>();
    CompletableFuture<ImagePrune.Report> earlier = running.putIfAbsent(key, mine);
    if (earlier != null) {
      return earlier;
    }
    completed(key)
        .thenCompose(records -> records.isPresent()
            ? CompletableFuture.completedFuture(ImagePrune.Report.of(records.get(), List.of()))
            : prune(key, images, filters, protectedPatterns, provenance))
        .whenComplete((report, failure) -> {
          running.remove(key, mine);
          if (failure == null) {
            mine.complete(report);
          } else {
            mine.completeExceptionally(failure);
          }
        });
    return mine;
  }

  private CompletionStage<ImagePrune.Report> prune(String key,
      Supplier<CompletionStage<List<CatalogImage>>> images, PruneFilters filters,
      List<String> protectedPatterns, Provenance provenance) {
    Supplier<CompletionStage<List<CatalogImage>>> unprotected = () -> images.get().thenApply(
        all -> all.stream().filter(i -> !Protection.covers(i, protectedPatterns)).toList());
    // An item asked once in this run is not asked again: its delete would answer its first
    // records once more (a name tagged again since), and the passes would never end.
    Set<String> asked = ConcurrentHashMap.newKeySet();
    return prune.exclusively(() -> ImagePrune.passes(unprotected, filters, item -> {
      String itemKey = key + "/" + item.image().hex() + "/" + item.name();
      return asked.add(itemKey)
          ? deletions.deleteOnce(itemKey, item.name(), DeleteOptions.defaults(),
              protectedPatterns, provenance)
          : CompletableFuture.completedFuture(List.of());
    }, provenance), report -> Entities.confirmed(entities.prune(ImagePrune.NODE,
        replyTo -> new PruneCommand.RecordCompleted(report.spaceReclaimed(), key,
            report.deleted(), replyTo))));
  }

  private CompletionStage<Optional<List<DeleteRecord>>> completed(String key) {
    return entities.<PruneCommand.CompletedOnce>prune(ImagePrune.NODE,
        replyTo -> new PruneCommand.GetCompleted(key, replyTo))
        .thenApply(PruneCommand.CompletedOnce::records);
  }
}
