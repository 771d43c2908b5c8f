package io.imagesaga.deletion;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.reference.NamedReference;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * moby's {@code ImagesPrune} (2019), repeated to a fixpoint: one prune at a time per node;
 * candidates are the images without children ({@code dangling=true}) or all images, filtered;
 * each is removed through the ordinary delete saga without force and with prune, by each of its
 * references
 * (only digest references when dangling-only; an image with a tag is not dangling) or by ID.
 * Conflicts are skipped silently, other failures logged and skipped. Every delete is journaled
 * with the provenance of the prune request.
 */
public final class ImagePrune {
  private static final Logger log = LoggerFactory.getLogger(ImagePrune.class);

  /**
   * The deleted records, the bytes freed by the layers they removed, and, for a plan executed,
   * the items skipped because they changed since the dry run.
   */
  public record Report(List<DeleteRecord> deleted, long spaceReclaimed, List<Skipped> skipped) {

    static Report of(List<DeleteRecord> deleted, List<Skipped> skipped) {
      return new Report(List.copyOf(deleted), deleted.stream()
          .filter(r -> r instanceof DeleteRecord.DeletedLayer)
          .mapToLong(r -> ((DeleteRecord.DeletedLayer) r).size()).sum(), List.copyOf(skipped));
    }
  }

  /** An item of a plan left alone, and why: dockerd's text for what stood in its way. */
  public record Skipped(PrunePlan.Item item, String reason) {}

  /** One prune under way: who asked for it, and what it has deleted and skipped so far. */
  private record Progress(
      Provenance provenance, List<DeleteRecord> records, List<Skipped> skipped) {

    Progress(Provenance provenance) {
      this(provenance, new ArrayList<>(), new ArrayList<>());
    }

    Report report() {
      return Report.of(records, skipped);
    }
  }

  /** The node whose prunes are journaled; one prune runs at a time per node, as per daemon. */
  public static final String NODE = "local";

  private final PruneEffects effects;
  private final SagaMetrics metrics;
  private final AtomicBoolean running = new AtomicBoolean();

  /** Prunes outside a node (tests), counted in a registry of their own. */
  public ImagePrune(PruneEffects effects) {
    this(effects, new SagaMetrics(new PrometheusRegistry()));
  }

  public ImagePrune(PruneEffects effects, SagaMetrics metrics) {
    this.effects = effects;
    this.metrics = metrics;
  }

  public CompletionStage<Report> run(Supplier<CompletionStage<List<CatalogImage>>> images,
      PruneFilters filters, Provenance provenance) {
    return exclusively(() -> passes(images, filters,
        item -> effects.delete(item.name(), provenance), provenance),
        report -> effects.completed(report.spaceReclaimed()));
  }

  /**
   * Passes until one removes nothing, each item deleted by {@code delete}; a conflict skips the
   * item quietly, any other failure is logged and skips it.
   */
  static CompletionStage<Report> passes(Supplier<CompletionStage<List<CatalogImage>>> images,
      PruneFilters filters, Function<PrunePlan.Item, CompletionStage<List<DeleteRecord>>> delete,
      Provenance provenance) {
    Progress progress = new Progress(provenance);
    return untilNothingChanges(images, filters, delete, progress)
        .thenApply(done -> progress.report());
  }

  /**
   * A dry run (an imagesaga extension): what a prune's first pass would delete, kept under a
   * token for {@link #execute}. Nothing is deleted.
   */
  public CompletionStage<PrunePlan> plan(
      Supplier<CompletionStage<List<CatalogImage>>> images, PruneFilters filters) {
    return images.get().thenCompose(all -> {
      PrunePlan plan = new PrunePlan(UUID.randomUUID().toString(), targets(all, filters),
          Instant.now());
      return effects.recordPlan(plan).thenApply(kept -> plan);
    });
  }

  /**
   * Deletes exactly the items of a dry run's plan, each only while its name still names the
   * image it named then; items that changed since (renamed, gone, now in use) are skipped and
   * reported. A plan is executed once; an unknown or spent token is a 404.
   */
  public CompletionStage<Report> execute(String token, Provenance provenance) {
    return exclusively(() -> effects.takePlan(token).thenCompose(plan -> {
      if (plan.isEmpty()) {
        throw new RejectedException(new Rejection.NotFound("No such prune plan: " + token));
      }
      Progress progress = new Progress(provenance);
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (PrunePlan.Item item : plan.get().items()) {
        chain = chain.thenCompose(done -> executeItem(item, progress));
      }
      return chain.thenApply(done -> progress.report());
    }), report -> effects.completed(report.spaceReclaimed()));
  }

  /**
   * One item: skipped if the image's references changed since the plan (a dangling image that
   * got a tag is not garbage any more), else deleted while its name still names it.
   */
  private CompletionStage<Void> executeItem(PrunePlan.Item item, Progress progress) {
    Set<String> expected = new TreeSet<>(item.references());
    progress.records().forEach(r -> expected.remove(r.value()));
    return effects.references(item.image()).thenCompose(now -> {
      if (!expected.equals(new TreeSet<>(now))) {
        progress.skipped().add(
            new Skipped(item, "changed since the plan: its references are now " + now));
        return CompletableFuture.<Void>completedFuture(null);
      }
      return effects.deleteIf(item.name(), item.image(), progress.provenance())
          .handle((deleted, failure) -> {
            if (failure == null) {
              progress.records().addAll(deleted);
            } else {
              progress.skipped().add(new Skipped(item, reason(failure)));
            }
            return null;
          });
    });
  }

  /**
   * One prune at a time; its end is journaled by {@code journal}, as dockerd's prune event. A
   * prune let in is a prune saga started, and finished when its end is journaled or it failed.
   */
  CompletionStage<Report> exclusively(Supplier<CompletionStage<Report>> prune,
      Function<Report, CompletionStage<?>> journal) {
    if (!running.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new RejectedException(
          Rejection.Conflict.hard("a prune operation is already running")));
    }
    metrics.started(SagaMetrics.PRUNE);
    CompletionStage<Report> report;
    try {
      report = prune.get();
    } catch (RuntimeException e) {
      report = CompletableFuture.failedFuture(e);
    }
    return report
        .thenCompose(done -> journal.apply(done).thenApply(j -> done))
        .whenComplete((done, failure) -> {
          running.set(false);
          metrics.finished(SagaMetrics.PRUNE,
              failure == null ? SagaMetrics.COMPLETED : SagaMetrics.FAILED);
        });
  }

  static List<String> familiar(Collection<NamedReference> references) {
    return references.stream().map(NamedReference::familiarString).sorted().toList();
  }

  /** A skipped item's reason, part of a 200 answer: a rejection's text, else the fixed one. */
  private static String reason(Throwable failure) {
    Rejection rejection = RejectedException.of(failure);
    if (rejection == null) {
      log.error("a prune plan's item failed", failure);
      return Rejection.INTERNAL;
    }
    return rejection.message();
  }

  /**
   * Passes until one removes nothing: a pass can free what the next may take (with {@code -a},
   * a tagged parent whose last child went), and moby's single pass left those for the next
   * {@code docker image prune} (moby#44623). Every pass that goes on removed a reference or an
   * image, so this ends.
   */
  private static CompletionStage<Void> untilNothingChanges(
      Supplier<CompletionStage<List<CatalogImage>>> images, PruneFilters filters,
      Function<PrunePlan.Item, CompletionStage<List<DeleteRecord>>> delete, Progress progress) {
    int before = progress.records().size();
    return images.get()
        .thenCompose(all -> {
          CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
          for (PrunePlan.Item item : targets(all, filters)) {
            chain = chain.thenCompose(done -> deleteQuietly(item, delete, progress));
          }
          return chain;
        })
        .thenCompose(done -> progress.records().size() == before
            ? CompletableFuture.completedFuture(null)
            : untilNothingChanges(images, filters, delete, progress));
  }

  /** The names to delete, in a stable order (moby walks a map; any order is faithful). */
  static List<PrunePlan.Item> targets(List<CatalogImage> images, PruneFilters filters) {
    List<PrunePlan.Item> names = new ArrayList<>();
    images.stream()
        .filter(i -> !filters.danglingOnly() || !i.hasChildren())
        .filter(i -> !(i.references().isEmpty() && i.hasChildren()))
        .filter(i -> filters.admits(i.labels(), i.created()))
        .sorted(Comparator.comparing(i -> i.id().hex()))
        .forEach(i -> {
          List<String> refs = familiar(i.references());
          if (i.references().isEmpty()) {
            names.add(new PrunePlan.Item(i.id().hex(), i.id(), refs));
          } else if (!filters.danglingOnly()
              || i.references().stream().allMatch(NamedReference::isCanonical)) {
            i.references().forEach(ref ->
                names.add(new PrunePlan.Item(ref.toString(), i.id(), refs)));
          }
        });
    return names;
  }

  private static CompletionStage<Void> deleteQuietly(PrunePlan.Item item,
      Function<PrunePlan.Item, CompletionStage<List<DeleteRecord>>> delete, Progress progress) {
    return delete.apply(item)
        .handle((deleted, failure) -> {
          if (failure == null) {
            progress.records().addAll(deleted);
          } else if (!(RejectedException.of(failure) instanceof Rejection.Conflict)) {
            log.info("prune skipped {}: {}", item.name(), failure.getMessage());
          }
          return null;
        });
  }
}
