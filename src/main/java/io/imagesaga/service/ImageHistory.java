package io.imagesaga.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Entities;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * moby's {@code ImageHistory}: the config's history, newest first, each non-empty step sized
 * by its layer; the newest step gets the image's ID and tags, the next its parent's, and so on
 * up the parent chain; steps beyond it are {@code <missing>}.
 */
final class ImageHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageHistory() {}

  static CompletionStage<List<HistoryStep>> of(
      Entities entities, ImageState image, byte[] config) {
    JsonNode root = read(config);
    List<Digest> diffIds = new ArrayList<>();
    root.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(Digest.fromJson(d.asText())));
    List<Digest> chain = ChainIds.of(diffIds);
    List<CompletableFuture<HistoryStep>> steps = new ArrayList<>();
    int layer = 0;
    for (JsonNode h : root.path("history")) {
      boolean empty = h.path("empty_layer").asBoolean(false);
      CompletionStage<Long> size = empty || layer >= chain.size()
          ? CompletableFuture.completedFuture(0L)
          : entities.<LayerState>layer(chain.get(layer), LayerCommand.Get::new)
              .thenApply(LayerState::diffSize);
      layer += empty ? 0 : 1;
      steps.add(0, size.thenApply(bytes -> new HistoryStep("<missing>", created(h),
          h.path("created_by").asText(""), List.of(), bytes, h.path("comment").asText("")))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
        .thenCompose(done -> name(entities, steps.stream().map(CompletableFuture::join)
            .toList(), 0, Optional.of(image)));
  }

  /** Gives step {@code index} the ID and tags of {@code image}, then goes on with its parent. */
  private static CompletionStage<List<HistoryStep>> name(Entities entities,
      List<HistoryStep> steps, int index, Optional<ImageState> image) {
    if (index >= steps.size() || image.isEmpty() || !image.get().isPresent()) {
      return CompletableFuture.completedFuture(steps);
    }
    ImageState current = image.get();
    List<HistoryStep> named = new ArrayList<>(steps);
    HistoryStep step = steps.get(index);
    named.set(index, new HistoryStep(current.id().toString(), step.created(), step.createdBy(),
        current.references().stream().filter(r -> !r.isCanonical())
            .map(NamedReference::familiarString).toList(), step.size(), step.comment()));
    Optional<ImageId> parent = current.metadata().parent();
    if (parent.isEmpty()) {
      return CompletableFuture.completedFuture(named);
    }
    return entities.<ImageState>image(parent.get(), ImageCommand.Get::new)
        .thenCompose(p -> name(entities, named, index + 1, Optional.of(p)));
  }

  private static long created(JsonNode step) {
    String text = step.path("created").asText("");
    return text.isEmpty() ? 0 : Instant.parse(text).getEpochSecond();
  }

  private static JsonNode read(byte[] config) {
    try {
      return JSON.readTree(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
