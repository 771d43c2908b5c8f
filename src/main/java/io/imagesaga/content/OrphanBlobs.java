package io.imagesaga.content;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.Checkpoints;
import io.imagesaga.checkpoint.TagFold;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Removes the layer blobs no present layer owns: those a crash left behind, staged by an import
 * that never got to offer them, or handed over by a removed layer whose remover died before
 * discarding them. Safe only while nothing can be staging a blob: at start, once the operations
 * a stop interrupted have all been carried through, and before clients are served.
 */
public final class OrphanBlobs {
  /**
   * The layers that own a blob now. A removed layer is as good as absent: it owns nothing, and
   * creating it again names its blob afresh.
   */
  public static final TagFold<LayerState> LAYERS = new TagFold<>(LayerEntity.TAG,
      LayerState.absent(), (state, event) -> state.apply((LayerEvent) event),
      LayerState::isPresent);

  private OrphanBlobs() {}

  /** What a sweep removed, and the fold of the layers it went by (for saving). */
  public record Swept(int removed, Checkpoint<LayerState> layers) {}

  /**
   * Removes every blob no layer of {@code layers} owns; {@code layers} is the fold of the
   * layers' whole journal as it is now ({@link Checkpoints#current}).
   */
  public static CompletionStage<Swept> sweep(CompletionStage<Checkpoint<LayerState>> layers,
      BlobStore blobs, Executor blocking) {
    return layers.thenApplyAsync(fold -> new Swept(remove(blobs, owned(fold)), fold), blocking);
  }

  private static Set<String> owned(Checkpoint<LayerState> layers) {
    Set<String> owned = new HashSet<>();
    layers.states().values().forEach(layer -> layer.blob().ifPresent(owned::add));
    return owned;
  }

  private static int remove(BlobStore blobs, Set<String> owned) {
    try {
      Set<String> orphans = new HashSet<>(blobs.layerBlobs());
      orphans.removeAll(owned);
      for (String blob : orphans) {
        Files.deleteIfExists(blobs.layerPath(blob));
      }
      return orphans.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
