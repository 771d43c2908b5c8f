package io.imagesaga.app;

import io.imagesaga.Provenance;
import io.imagesaga.bench.ScratchDirs;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.Digest;
import io.imagesaga.service.ImageRegistration;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagesaga bench}: how long one {@code rmi} takes as the catalog grows. Fills a fresh
 * data dir in steps and, at each step, times sequential deletes (untag + delete + layer
 * release, every write fsynced). dockerd rewrites its whole reference index per untag, so its
 * cost grows with the catalog; here it must not.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure rmi latency against catalog size on a throw-away data dir.")
final class Bench implements Callable<Integer> {
  private static final Provenance BENCH = Provenance.node("bench");

  @Spec
  CommandSpec spec;

  @Option(names = "--conf", defaultValue = "conf", description = "Configuration directory.")
  Path confDir;

  @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,30000",
      description = "Catalog sizes to measure at (default: ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(names = "--deletes", defaultValue = "300",
      description = "Deletes timed at each size (default: ${DEFAULT-VALUE}).")
  int deletes;

  @Option(names = "--keep", description = "Keep the data dir (its path goes to stderr).")
  boolean keep;

  @Option(names = "--data-dir", description = "Make the data dir under this directory and keep "
      + "it (default: a throw-away directory under the system's temp dir).")
  Path parentDir;

  private int registered;

  /** The data dir goes at the end, also after a failure or Ctrl-C, unless kept. */
  @Override
  public Integer call() throws Exception {
    try (ScratchDirs scratch = new ScratchDirs(parentDir, keep || parentDir != null)) {
      Path dataDir = scratch.create("imagesaga-bench");
      spec.commandLine().getErr().println("bench: data dir " + dataDir
          + (scratch.keeps() ? " (kept)" : " (removed at the end)"));
      try (Node node = Node.start(AppConfig.load(confDir, Map.of(
          "imagesaga.data-dir", dataDir.toString(), "pekko.loglevel", "WARNING")))) {
        scratch.closeFirst(node);
        measure(node);
      }
    }
    return 0;
  }

  private void measure(Node node) throws Exception {
    System.out.printf("%10s %12s %10s %10s %10s%n", "images", "fill s", "rmi p50", "rmi p99",
        "rmi max");
    for (int size : sizes) {
      long fillStart = System.nanoTime();
      fill(node, size + deletes);
      double fill = (System.nanoTime() - fillStart) / 1e9;
      long[] micros = timeDeletes(node, size + deletes);
      Arrays.sort(micros);
      System.out.printf("%10d %12.1f %8.2fms %8.2fms %8.2fms%n", size, fill,
          micros[micros.length / 2] / 1000.0, micros[micros.length * 99 / 100] / 1000.0,
          micros[micros.length - 1] / 1000.0);
    }
  }

  /** Registers images up to {@code target}, 64 at a time so the journal can batch fsyncs. */
  private void fill(Node node, int target) throws Exception {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    while (registered < target) {
      int i = registered++;
      inFlight.acquire();
      pending.add(register(node, i).toCompletableFuture()
          .whenComplete((id, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }

  static CompletionStage<?> register(Node node, int i) {
    return register(node, i, "bench:" + i);
  }

  /** Registers the {@code i}th bench image (one layer of its own) under {@code tag}. */
  static CompletionStage<?> register(Node node, int i, String tag) {
    Digest layer = Digest.sha256(("bench-layer-" + i).getBytes(StandardCharsets.UTF_8));
    byte[] config = ("{\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\",\"rootfs\":"
        + "{\"type\":\"layers\",\"diff_ids\":[\"" + layer + "\"]},\"seed\":" + i + "}")
        .getBytes(StandardCharsets.UTF_8);
    return node.images().register(new ImageRegistration(config,
        List.of(new LayerSpec(layer, 1024)), Optional.empty(), List.of(tag)), BENCH);
  }

  /** Deletes the newest {@code deletes} images one after another, by tag. */
  private long[] timeDeletes(Node node, int upTo) {
    long[] micros = new long[deletes];
    for (int d = 0; d < deletes; d++) {
      long start = System.nanoTime();
      node.images().delete("bench:" + (upTo - 1 - d), DeleteOptions.defaults(), BENCH)
          .toCompletableFuture().join();
      micros[d] = (System.nanoTime() - start) / 1000;
    }
    registered = upTo - deletes;
    return micros;
  }
}
