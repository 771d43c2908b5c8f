package io.imagesaga.bench;

import io.imagesaga.content.BulkArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deletes per second with parallel HTTP clients, and a {@code docker load} of many images. */
final class HttpThroughput {
  private HttpThroughput() {}

  /**
   * For each client count, {@code deletes} deletes by tag of images loaded for it (a small
   * catalog: only the images still to delete), spread over that many clients.
   */
  static Map<Integer, LatencySummary> deletes(Path confDir, Path dataDir, ScratchDirs scratch,
      int[] clients, int deletes) throws Exception {
    Map<Integer, LatencySummary> results = new LinkedHashMap<>();
    try (ServedNode served = ServedNode.start(confDir, dataDir, scratch)) {
      int offset = 0;
      for (int count : clients) {
        int from = offset;
        BenchImages.fill(from, from + deletes,
            i -> BenchImages.register(served.node, i, tag(i)));
        LatencySummary summary = HttpDeletes.run(served.base, count, deletes,
            i -> tag(from + i));
        results.put(count, summary);
        offset += deletes;
        System.err.printf("bench: %d HTTP clients: %.0f deletes/s, p50 %.2f ms, p99 %.2f ms%n",
            count, summary.perSecond(), summary.p50Millis(), summary.p99Millis());
      }
    }
    return results;
  }

  private static String tag(int i) {
    return "bench-clients:" + i;
  }

  /**
   * Posts a {@code docker save} archive of {@code images} one-layer images to
   * {@code /images/load} and returns the seconds until the whole answer has arrived (the
   * archive written beforehand, not timed). An error in the answer's stream fails the run.
   */
  static double load(Path confDir, Path dataDir, ScratchDirs scratch, int images) throws Exception {
    Path archive = dataDir.resolve("load.tar");
    try (OutputStream out = Files.newOutputStream(archive)) {
      BulkArchive.write(out, images);
    }
    try (ServedNode served = ServedNode.start(confDir, dataDir.resolve("node"), scratch)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(served.base.resolve(
              "/v1.47/images/load?quiet=1"))
          .header("Content-Type", "application/x-tar")
          .timeout(Duration.ofMinutes(30))
          .POST(HttpRequest.BodyPublishers.ofFile(archive)).build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (response.statusCode() != 200 || response.body().contains("errorDetail")) {
        throw new IOException("load: " + response.statusCode() + " " + response.body().lines()
            .filter(line -> line.contains("error")).findFirst().orElse(""));
      }
      long loaded = response.body().lines().filter(line -> line.contains("Loaded image")).count();
      if (loaded != images) {
        throw new IOException("load answered " + loaded + " images loaded of " + images);
      }
      System.err.printf("bench: loaded %,d images in %.1f s%n", images, seconds);
      return seconds;
    } finally {
      Files.deleteIfExists(archive);
    }
  }
}
