package io.imagesaga.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One prune at a time (M12 of docs/semantics.md), the next once the first is done; passes to a
 * fixpoint.
 */
class ImagePruneTest {
  private static final Provenance ASKED = new Provenance("127.0.0.1:4242", "test/1", "prune-1", "");

  @Test
  void a_prune_repeats_until_a_pass_removes_nothing_each_delete_as_asked_by_the_prune() {
    CatalogImage first = registered("first");
    CatalogImage freedByFirst = registered("freed-by-first");
    List<List<CatalogImage>> listings =
        new ArrayList<>(List.of(List.of(first), List.of(freedByFirst), List.of()));
    List<String> deleted = new ArrayList<>();
    DeletesOnly effects = new DeletesOnly(name -> {
      deleted.add(name);
      return List.of(new DeleteRecord.DeletedImage(ImageId.parse(name)));
    });
    var report = new ImagePrune(effects).run(
        () -> CompletableFuture.completedFuture(listings.remove(0)), PruneFilters.dangling(),
        ASKED).toCompletableFuture().join();
    assertThat(deleted).containsExactly(first.id().hex(), freedByFirst.id().hex());
    assertThat(effects.askedBy()).containsExactly(ASKED, ASKED);
    assertThat(report.deleted()).hasSize(2);
    assertThat(listings).isEmpty();
  }

  private static CatalogImage registered(String seed) {
    ImageId id = ImageId.fromConfig(seed.getBytes(StandardCharsets.UTF_8));
    return CatalogImage.of(ImageState.absent().apply(new ImageEvent.Registered(
        new ImageMetadata(id, Optional.empty(), Optional.empty(), Instant.EPOCH, "linux", 0,
            Map.of()), "op", Optional.empty(), Instant.EPOCH)));
  }

  @Test
  void a_second_prune_while_one_runs_is_a_conflict() {
    ImagePrune prune = new ImagePrune(new DeletesOnly(name -> {
      throw new AssertionError("nothing to delete");
    }));
    CompletableFuture<List<CatalogImage>> listing = new CompletableFuture<>();
    var first = prune.run(() -> listing, PruneFilters.dangling(), ASKED).toCompletableFuture();
    var second = prune.run(() -> listing, PruneFilters.dangling(), ASKED)
        .toCompletableFuture();
    assertThat(second).isCompletedExceptionally();
    assertThat(second.handle((ok, failure) -> ((RejectedException) failure).rejection()).join())
        .isEqualTo(Rejection.Conflict.hard("a prune operation is already running"));

    listing.complete(List.of());
    assertThat(first.join().spaceReclaimed()).isZero();
    assertThat(prune.run(() -> CompletableFuture.completedFuture(List.of()),
        PruneFilters.dangling(), ASKED).toCompletableFuture().join().deleted()).isEmpty();
  }

  /** A skipped item's reason is a 200's content: a rejection's text, never an exception's. */
  @Test
  void a_plan_item_that_fails_unexpectedly_is_skipped_with_the_fixed_internal_text() {
    CatalogImage image = registered("plan-item");
    PrunePlan.Item item = new PrunePlan.Item(image.id().hex(), image.id(), List.of());
    PrunePlan plan = new PrunePlan("token-1", List.of(item), Instant.EPOCH);
    var report = new ImagePrune(new PlanEffects(plan,
        new IllegalStateException("/var/lib/imagesaga/journal: disk I/O error")))
        .execute("token-1", ASKED).toCompletableFuture().join();

    assertThat(report.skipped()).containsExactly(
        new ImagePrune.Skipped(item, Rejection.INTERNAL));
  }

  /** A prune's effects for one plan whose every conditional delete fails with {@code failure}. */
  private record PlanEffects(PrunePlan plan, RuntimeException failure) implements PruneEffects {
    @Override
    public CompletionStage<Optional<PrunePlan>> takePlan(String token) {
      return CompletableFuture.completedFuture(Optional.of(plan).filter(
          p -> p.token().equals(token)));
    }

    @Override
    public CompletionStage<List<String>> references(ImageId image) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<List<DeleteRecord>> deleteIf(
        String name, ImageId image, Provenance provenance) {
      return CompletableFuture.failedFuture(failure);
    }

    @Override
    public CompletionStage<?> completed(long reclaimed) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<DeleteRecord>> delete(String name, Provenance provenance) {
      throw new AssertionError("a plan deletes conditionally");
    }

    @Override
    public CompletionStage<?> recordPlan(PrunePlan plan) {
      throw new AssertionError("executing makes no plan");
    }
  }

  /** A prune's effects for plain prunes: deletes as given, noting who asked; no plans. */
  private record DeletesOnly(Function<String, List<DeleteRecord>> deletes,
      List<Provenance> askedBy) implements PruneEffects {

    DeletesOnly(Function<String, List<DeleteRecord>> deletes) {
      this(deletes, new ArrayList<>());
    }

    @Override
    public CompletionStage<List<DeleteRecord>> delete(String name, Provenance provenance) {
      askedBy.add(provenance);
      return CompletableFuture.completedFuture(deletes.apply(name));
    }

    @Override
    public CompletionStage<?> completed(long reclaimed) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<DeleteRecord>> deleteIf(
        String name, ImageId image, Provenance provenance) {
      throw new AssertionError("a plain prune deletes without conditions");
    }

    @Override
    public CompletionStage<?> recordPlan(PrunePlan plan) {
      throw new AssertionError("a plain prune makes no plan");
    }

    @Override
    public CompletionStage<List<String>> references(ImageId image) {
      throw new AssertionError("a plain prune checks no plan");
    }

    @Override
    public CompletionStage<Optional<PrunePlan>> takePlan(String token) {
      throw new AssertionError("a plain prune executes no plan");
    }
  }
}
