package io.imagesaga.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve} on a filled data dir, in a child JVM of its own: the time from starting the
 * process to its first {@code /_ping} answer, {@code GET /images/json} on it, and its live heap
 * after a full GC while idle ({@code jcmd GC.class_histogram} collects and then counts every
 * live object). A child JVM because both a start and a heap are only honest in a process that
 * holds nothing but the node.
 */
final class ColdStart {
  record Result(double startSeconds, LatencySummary listing, int images, long heapBytes) {
    double heapBytesPerImage() {
      return (double) heapBytes / images;
    }
  }

  private static final int LISTINGS = 5;

  private ColdStart() {}

  static Result run(Path confDir, Path dataDir, ScratchDirs scratch) throws Exception {
    return run(confDir, dataDir, scratch, List.of());
  }

  /** As {@link #run(Path, Path, ScratchDirs)}, the child JVM given {@code jvmOptions}. */
  static Result run(Path confDir, Path dataDir, ScratchDirs scratch, List<String> jvmOptions)
      throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaCommand()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.imagesaga.app.Main", "serve", "--conf", confDir.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dataDir.resolve("serve.log").toFile());
    builder.environment().put("IMAGESAGA_DATA_DIR", dataDir.toString());
    builder.environment().put("IMAGESAGA_HTTP_HOST", "127.0.0.1");
    builder.environment().put("IMAGESAGA_HTTP_PORT", String.valueOf(port));
    long start = System.nanoTime();
    Process serve = builder.start();
    AutoCloseable stop = () -> stop(serve);
    scratch.closeFirst(stop);
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2)).build();
      awaitPing(http, base, serve);
      double startSeconds = (System.nanoTime() - start) / 1e9;
      long[] nanos = new long[LISTINGS];
      // Bytes, as curl reads them: decoding 20 MB into a String is the client's cost, not the
      // node's, and measured ~0.1 s warm and ~0.5 s cold here (docs/performance.md, "Listing").
      byte[] body = new byte[0];
      long begin = System.nanoTime();
      for (int i = 0; i < LISTINGS; i++) {
        long t = System.nanoTime();
        body = http.send(HttpRequest.newBuilder(base.resolve("/v1.47/images/json")).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body();
        nanos[i] = System.nanoTime() - t;
      }
      LatencySummary listing = LatencySummary.of(nanos, System.nanoTime() - begin);
      int images = new ObjectMapper().readTree(body).size();
      return new Result(startSeconds, listing, images, liveHeap(serve.pid()));
    } finally {
      stop(serve);
    }
  }

  /**
   * A start as {@code src/main/scripts/serve} makes it once it has its archive: one start (not
   * measured) writes a dynamic class-data-sharing archive of the classes it loaded when it stops,
   * the measured start then maps them from that archive (docs/performance.md, "Memory and
   * start-up"). The archive is deleted after.
   */
  static Result withSharedClasses(Path confDir, Path dataDir, ScratchDirs scratch)
      throws Exception {
    Path archive = Files.createTempFile("imagesaga-bench-", ".jsa");
    scratch.closeFirst(() -> Files.deleteIfExists(archive));
    try {
      List<String> quiet = List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
      Files.delete(archive);
      run(confDir, dataDir, scratch, concat(quiet, "-XX:ArchiveClassesAtExit=" + archive));
      if (!Files.isRegularFile(archive)) {
        throw new IOException("the archiving start wrote no class-data-sharing archive");
      }
      return run(confDir, dataDir, scratch, concat(quiet, "-XX:SharedArchiveFile=" + archive));
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  private static List<String> concat(List<String> options, String option) {
    List<String> all = new ArrayList<>(options);
    all.add(option);
    return all;
  }

  /** Waits for the node to answer; a child that exits first fails the run. */
  private static void awaitPing(HttpClient http, URI base, Process serve) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    HttpRequest ping = HttpRequest.newBuilder(base.resolve("/_ping"))
        .timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!serve.isAlive()) {
        throw new IOException("serve exited with " + serve.exitValue() + " before answering");
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet: the node binds its port only once it serves.
      }
      Thread.sleep(20);
    }
    throw new IOException("serve did not answer /_ping within 15 minutes");
  }

  /** Bytes of live objects in process {@code pid}, after the full GC jcmd asks for. */
  static long liveHeap(long pid) throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true)
        .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IOException("jcmd failed: " + out);
    }
    return histogramTotal(out);
  }

  /** The bytes column of a class histogram's {@code Total} line. */
  static long histogramTotal(String histogram) {
    List<String> total = histogram.lines().filter(line -> line.startsWith("Total")).toList();
    if (total.isEmpty()) {
      throw new IllegalArgumentException("no Total line in the class histogram");
    }
    String[] columns = total.get(total.size() - 1).trim().split("\\s+");
    return Long.parseLong(columns[columns.length - 1]);
  }

  private static void stop(Process serve) throws InterruptedException {
    if (serve.isAlive()) {
      serve.destroy();
      if (!serve.waitFor(90, TimeUnit.SECONDS)) {
        serve.destroyForcibly().waitFor();
      }
    }
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
