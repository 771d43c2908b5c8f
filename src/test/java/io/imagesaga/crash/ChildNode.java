package io.imagesaga.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code imagesaga serve} in a child JVM on the test's classpath, on a data dir that outlives
 * it, its output appended to a log file; killed with SIGKILL ({@link Process#destroyForcibly}).
 */
final class ChildNode {
  private final Process process;
  private final int port;
  private final Path log;

  private ChildNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ChildNode start(Path dataDir, Path log) throws IOException {
    int port = freePort();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "io.imagesaga.app.Main", "serve");
    builder.environment().put("IMAGESAGA_DATA_DIR", dataDir.toString());
    builder.environment().put("IMAGESAGA_HTTP_HOST", "127.0.0.1");
    builder.environment().put("IMAGESAGA_HTTP_PORT", String.valueOf(port));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Files.writeString(log, "---- child on port " + port + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new ChildNode(builder.start(), port, log);
  }

  int port() {
    return port;
  }

  /** Polls {@code GET /_ping} until it answers 200; fails if the child dies or time runs out. */
  void awaitReady(Duration within) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_ping"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child node exited with " + process.exitValue()
            + " before it was ready; log tail:\n" + tail(80));
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("child node not ready within " + within + "; log tail:\n"
        + tail(80));
  }

  /** Sends SIGKILL without waiting. */
  void sigkill() {
    process.destroyForcibly();
  }

  /** SIGKILL, then wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child node survived SIGKILL");
    }
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
