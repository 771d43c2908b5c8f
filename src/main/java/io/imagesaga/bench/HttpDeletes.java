package io.imagesaga.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * {@code docker rmi} over HTTP from parallel clients, each a JDK {@link HttpClient} of its own
 * on one keep-alive HTTP/1.1 connection, sending its next delete when the last one answered.
 * Client {@code c} deletes the tags {@code tag(c), tag(c + clients), …}: no two clients ask
 * for the same image. Any answer but 200 fails the run.
 */
final class HttpDeletes {
  private HttpDeletes() {}

  static LatencySummary run(URI base, int clients, int deletes, IntFunction<String> tag)
      throws Exception {
    long[] nanos = new long[deletes];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        int client = c;
        running.add(pool.submit(() -> {
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10)).build();
          for (int i = client; i < deletes; i += clients) {
            nanos[i] = delete(http, base, tag.apply(i));
          }
          return null;
        }));
      }
      for (Future<?> client : running) {
        client.get();
      }
      return LatencySummary.of(nanos, System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One delete; its latency in nanoseconds. */
  static long delete(HttpClient http, URI base, String tag)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1.47/images/" + tag))
        .DELETE().timeout(Duration.ofSeconds(60)).build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IOException("DELETE " + tag + ": " + response.statusCode() + " "
          + response.body());
    }
    return took;
  }
}
