package io.imagesaga.bench;

import io.imagesaga.Provenance;
import io.imagesaga.app.Node;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ImageRegistration;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** The images the suite registers: one layer of its own each, one tag each. */
final class BenchImages {
  static final Provenance BENCH = Provenance.node("bench-suite");

  private BenchImages() {}

  /** Registers image {@code i} of the suite under {@code tag}. */
  static CompletionStage<ImageId> register(Node node, int i, String tag) {
    Digest layer = layer("bench-layer-" + i);
    return node.images().register(new ImageRegistration(config(i, layer), List.of(
        new LayerSpec(layer, 1024)), Optional.empty(), List.of(tag)), BENCH);
  }

  /**
   * Registers a parent chain of {@code depth} images on one shared layer (as a Dockerfile's
   * metadata-only steps make), tagging only the tip; returns the tip's tag.
   */
  static String chain(Node node, int depth) {
    Digest layer = layer("bench-chain-layer");
    Optional<ImageId> parent = Optional.empty();
    String tip = "bench-chain:tip";
    for (int i = 0; i < depth; i++) {
      List<String> tags = i == depth - 1 ? List.of(tip) : List.of();
      parent = Optional.of(node.images().register(new ImageRegistration(config(-1 - i, layer),
          List.of(new LayerSpec(layer, 1024)), parent, tags), BENCH).toCompletableFuture()
          .join());
    }
    return tip;
  }

  /** Registers images {@code from} to {@code to - 1}, 64 at a time, as a fill does. */
  static void fill(int from, int to, IntFunction<CompletionStage<?>> register)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = from; i < to; i++) {
      inFlight.acquire();
      pending.add(register.apply(i).toCompletableFuture()
          .whenComplete((id, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }

  private static Digest layer(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] config(int seed, Digest layer) {
    return ("{\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\",\"rootfs\":"
        + "{\"type\":\"layers\",\"diff_ids\":[\"" + layer + "\"]},\"seed\":" + seed + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
