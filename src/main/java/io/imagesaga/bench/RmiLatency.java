package io.imagesaga.bench;

import io.imagesaga.deletion.DeleteOptions;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rmi} by tag against catalog size: fills one data dir in steps and, at each size, times
 * {@code deletes} sequential deletes in-process (through the Java facade) and as many over HTTP
 * (one keep-alive client), each of an image of its own (untag, delete, layer release, every write
 * fsynced). The catalog holds the size's images while they run. The data dir is left filled to
 * the largest size, for the cold start.
 */
final class RmiLatency {
  /** One catalog size's figures; {@code fillSeconds} is the fill's total up to this size. */
  record AtSize(int size, int registered, double fillSeconds, LatencySummary inProcess,
      LatencySummary http) {}

  private static final int WARM_UP_FIRST = 1 << 30;

  private RmiLatency() {}

  static List<AtSize> run(Path confDir, Path dataDir, ScratchDirs scratch, int[] sizes,
      int deletes) throws Exception {
    List<AtSize> results = new ArrayList<>();
    try (ServedNode served = ServedNode.start(confDir, dataDir, scratch)) {
      warmUp(served, Math.min(deletes, 100));
      int next = 0;
      long fillNanos = 0;
      for (int size : sizes) {
        int target = size + 2 * deletes;
        long start = System.nanoTime();
        int from = next;
        BenchImages.fill(from, target, i -> BenchImages.register(served.node, i, tag(i)));
        fillNanos += System.nanoTime() - start;
        next = target;
        LatencySummary inProcess = inProcess(served, next - deletes, next);
        LatencySummary http = overHttp(served, next - 2 * deletes, next - deletes);
        next -= 2 * deletes;
        results.add(new AtSize(size, target, fillNanos / 1e9, inProcess, http));
        System.err.printf("bench: rmi at %,d images: in-process p50 %.2f ms, HTTP p50 %.2f ms%n",
            size, inProcess.p50Millis(), http.p50Millis());
      }
    }
    return results;
  }

  /**
   * Loads and deletes {@code count} images each way, untimed, so that the first size's figures
   * are not the JIT's warm-up. Numbered apart from the measured images.
   */
  private static void warmUp(ServedNode served, int count) throws Exception {
    int first = WARM_UP_FIRST;
    BenchImages.fill(first, first + 2 * count,
        i -> BenchImages.register(served.node, i, tag(i)));
    inProcess(served, first, first + count);
    overHttp(served, first + count, first + 2 * count);
  }

  static String tag(int i) {
    return "bench:" + i;
  }

  private static LatencySummary inProcess(ServedNode served, int from, int to) {
    long[] nanos = new long[to - from];
    long begin = System.nanoTime();
    for (int i = from; i < to; i++) {
      long start = System.nanoTime();
      served.node.images().delete(tag(i), DeleteOptions.defaults(), BenchImages.BENCH)
          .toCompletableFuture().join();
      nanos[i - from] = System.nanoTime() - start;
    }
    return LatencySummary.of(nanos, System.nanoTime() - begin);
  }

  private static LatencySummary overHttp(ServedNode served, int from, int to) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long[] nanos = new long[to - from];
    long begin = System.nanoTime();
    for (int i = from; i < to; i++) {
      nanos[i - from] = HttpDeletes.delete(http, served.base, tag(i));
    }
    return LatencySummary.of(nanos, System.nanoTime() - begin);
  }
}
