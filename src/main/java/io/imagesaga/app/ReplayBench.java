package io.imagesaga.app;

import io.imagesaga.Provenance;
import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.InvariantCheck;
import io.imagesaga.audit.OfflineJournal;
import io.imagesaga.bench.ScratchDirs;
import io.imagesaga.deletion.DeleteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imagesaga bench-replay}: how fast the audit log replays. Fills a data dir through a
 * real node (loads, tags, deletes: every entity type and both kinds of saga), stops it, then,
 * three times over, times reading every event and reading them again into {@code audit
 * verify}'s replay (the catalog rebuilt, the invariants checked).
 */
@Command(name = "bench-replay", mixinStandardHelpOptions = true,
    description = "Measure how fast the audit log replays (events per second).")
final class ReplayBench implements Callable<Integer> {
  /** Measured: 100k loads and the deletes of half of them journal 950k events. */
  private static final double EVENTS_PER_IMAGE = 9.5;

  @Option(names = "--conf", defaultValue = "conf", description = "Configuration directory.")
  Path confDir;

  @Option(names = "--events", defaultValue = "1000000",
      description = "About how many events to journal first (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--data-dir", description = "Keep the filled journal here and reuse it on the "
      + "next run (default: a throw-away directory).")
  Path dataDir;

  @Option(names = "--keep", description = "Keep the throw-away data dir (its path goes to "
      + "stderr).")
  boolean keep;

  /** A throw-away data dir goes at the end, also after a failure or Ctrl-C, unless kept. */
  @Override
  public Integer call() throws Exception {
    try (ScratchDirs scratch = new ScratchDirs(null, keep)) {
      Path dir = dataDir != null ? dataDir : scratch.create("imagesaga-replay");
      Map<String, Object> config = Map.of("imagesaga.data-dir", dir.toString(),
          "pekko.loglevel", "WARNING");
      if (!Files.isDirectory(dir.resolve("journal"))) {
        fill(confDir, config, events, "replay");
      }
      for (int round = 1; round <= 3; round++) {
        measure(config, round);
      }
    }
    return 0;
  }

  /**
   * About ten events per image: its load and, for every other one, its delete. Tags are
   * spread over a thousand repositories, as in a real catalog: every write to one repository
   * goes through its one entity, fsync by fsync. Also the shipping benchmark's data.
   */
  static void fill(Path confDir, Map<String, Object> config, double events, String prefix)
      throws Exception {
    int images = Math.max(1, (int) Math.ceil(events / EVENTS_PER_IMAGE));
    long start = System.nanoTime();
    try (Node node = Node.start(AppConfig.load(confDir, config))) {
      inParallel(images, i -> Bench.register(node, i, tag(prefix, i)));
      inParallel(images / 2, i -> node.images().delete(tag(prefix, 2 * i),
          DeleteOptions.defaults(), Provenance.node("bench-" + prefix)));
    }
    System.out.printf("filled: %d images loaded, %d deleted in %.1f s%n", images, images / 2,
        (System.nanoTime() - start) / 1e9);
  }

  private static String tag(String prefix, int image) {
    return prefix + "-" + image % 1000 + ":" + image;
  }

  private static void inParallel(int count, IntFunction<CompletionStage<?>> task)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      pending.add(task.apply(i).toCompletableFuture()
          .whenComplete((result, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }

  private void measure(Map<String, Object> config, int round) {
    try (AuditLog log = new OfflineJournal(AppConfig.load(confDir, config))) {
      long start = System.nanoTime();
      long[] read = {0};
      log.forEach(record -> true, record -> read[0]++);
      double readSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      InvariantCheck check = new InvariantCheck();
      log.forEach(record -> true, check::apply);
      double verifySeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("round %d: %d events; read %.0f events/s (%.2f s); verified %.0f "
              + "events/s (%.2f s, %s); %d images present%n", round, read[0],
          read[0] / readSeconds, readSeconds, read[0] / verifySeconds, verifySeconds,
          check.violation().map(v -> "invariant " + v.invariant() + " violated")
              .orElse(check.checks() + " checks held"), check.state().presentImages());
    }
  }
}
