package io.imagesaga.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.image.ImageState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** One prune at a time (M12), and the next may run once the first is done. */
class ImagePruneTest {

  @Test
  void a_second_prune_while_one_runs_is_a_conflict() {
    ImagePrune prune = new ImagePrune(new ImagePrune.Effects() {
      @Override
      public CompletionStage<List<DeleteRecord>> delete(String name) {
        throw new AssertionError("nothing to delete");
      }

      @Override
      public CompletionStage<?> completed(long reclaimed) {
        return CompletableFuture.completedFuture(null);
      }
    });
    CompletableFuture<List<ImageState>> listing = new CompletableFuture<>();
    var first = prune.run(() -> listing, PruneFilters.dangling()).toCompletableFuture();
    var second = prune.run(() -> listing, PruneFilters.dangling()).toCompletableFuture();
    assertThat(second).isCompletedExceptionally();
    assertThat(second.handle((ok, failure) -> ((RejectedException) failure).rejection()).join())
        .isEqualTo(Rejection.Conflict.hard("a prune operation is already running"));

    listing.complete(List.of());
    assertThat(first.join().spaceReclaimed()).isZero();
    assertThat(prune.run(() -> CompletableFuture.completedFuture(List.of()),
        PruneFilters.dangling()).toCompletableFuture().join().deleted()).isEmpty();
  }
}
