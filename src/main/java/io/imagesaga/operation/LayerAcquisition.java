package io.imagesaga.operation;

import io.imagesaga.Entities;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerBlobs;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.operation.OperationPlan.PlannedLayer;
import io.imagesaga.reference.Digest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The layers of a registration: acquired top first, each layer an acquisition created holding
 * its parent in turn (as that incarnation of it), and the staged blobs no layer took discarded.
 * Asked again, an acquisition is answered by the layer's holder set, so it leaves nothing for the
 * operation's end to forget.
 */
final class LayerAcquisition {
  private final Entities entities;
  private final LayerBlobs blobs;

  LayerAcquisition(Entities entities, LayerBlobs blobs) {
    this.entities = entities;
    this.blobs = blobs;
  }

  /** {@code holder} (the image) holds the top layer of {@code layers}, and so on down. */
  CompletionStage<Done> hold(String operationId, Holder holder, List<PlannedLayer> layers) {
    return hold(operationId, holder, layers, layers.size() - 1);
  }

  private CompletionStage<Done> hold(
      String operationId, Holder holder, List<PlannedLayer> layers, int index) {
    if (index < 0) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    PlannedLayer layer = layers.get(index);
    Optional<Digest> parent = index == 0 ? Optional.empty()
        : Optional.of(layers.get(index - 1).chainId());
    return entities.<LayerCommand.Acquired>layer(layer.chainId(), replyTo ->
            LayerCommand.Acquire.of(parent, layer.diffId(), layer.size(), layer.blob(),
                operationId, holder, replyTo))
        .thenCompose(acquired -> acquired.created()
            ? hold(operationId, Holder.layer(layer.chainId(), acquired.incarnation()), layers,
                index - 1)
            : discardUnowned(layers, index));
  }

  /**
   * Discards the staged blobs of {@code layers} up to {@code upTo}, except one its layer owns:
   * an acquisition asked again may find the layer holding the blob it took the first time.
   */
  CompletionStage<Done> discardUnowned(List<PlannedLayer> layers, int upTo) {
    return CompletableFuture.allOf(layers.subList(0, upTo + 1).stream()
            .filter(layer -> layer.blob().isPresent())
            .map(layer -> entities.<LayerState>layer(layer.chainId(), LayerCommand.Get::new)
                .thenCompose(state -> state.blob().equals(layer.blob())
                    ? CompletableFuture.<Void>completedFuture(null)
                    : blobs.discard(layer.blob().get()))
                .toCompletableFuture())
            .toArray(CompletableFuture[]::new))
        .thenApply(done -> Done.getInstance());
  }
}
