package io.imagesaga.layer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where layer content lives. A layer owns at most one blob, named when the layer is created;
 * whoever removes the layer discards its blob.
 */
public interface LayerBlobs {

  /**
   * Frees a blob that no layer owns (any more). The file work happens elsewhere, never on the
   * caller's thread; the stage completes once the blob is gone. A blob already gone is not an
   * error; a blob that cannot be removed is logged and left as garbage, never failing the caller.
   */
  CompletionStage<Void> discard(String blob);

  /** For layers recorded without content (tests, benchmarks). */
  LayerBlobs NONE = blob -> CompletableFuture.completedFuture(null);
}
