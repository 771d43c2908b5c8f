package io.imagesaga.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code imagesaga serve} in a child JVM on the test's classpath, on a data dir that outlives
 * it, configured by environment variables as an operator would, its output appended to a log
 * file; killed with SIGKILL ({@link Process#destroyForcibly}) or stopped with SIGTERM
 * ({@link Process#destroy}).
 */
public final class ChildNode {
  private static final Duration POLL_EVERY = Duration.ofMillis(50);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();

  private ChildNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A node alone on a free port. */
  public static ChildNode start(Path dataDir, Path log) throws IOException {
    return start(dataDir, log, Ports.free(), Map.of());
  }

  /** A node on {@code port} with {@code env} added to its environment (IMAGESAGA_…). */
  public static ChildNode start(Path dataDir, Path log, int port, Map<String, String> env)
      throws IOException {
    return start(dataDir, log, port, env, List.of());
  }

  /**
   * As {@link #start(Path, Path, int, Map)}, with {@code jvmOptions} (such as {@code
   * -Dpekko.cluster.split-brain-resolver.stable-after=3s}: a system property overrides the
   * configuration files) before the main class.
   */
  public static ChildNode start(Path dataDir, Path log, int port, Map<String, String> env,
      List<String> jvmOptions) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.imagesaga.app.Main", "serve"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("IMAGESAGA_DATA_DIR", dataDir.toString());
    builder.environment().put("IMAGESAGA_HTTP_HOST", "127.0.0.1");
    builder.environment().put("IMAGESAGA_HTTP_PORT", String.valueOf(port));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, "---- child on port " + port + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new ChildNode(builder.start(), port, log);
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Polls {@code GET /_ping} until it answers 200; fails if the child dies or time runs out. */
  public void awaitReady(Duration within) throws IOException, InterruptedException {
    awaitStatus("/_ping", 200, within);
  }

  /**
   * Polls {@code GET path} until it answers {@code status}; fails, with the log's tail, if the
   * child dies or time runs out.
   */
  public void awaitStatus(String path, int status, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Optional<Integer> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child node exited with " + process.exitValue()
            + " before " + path + " answered " + status + "; log " + log + ", tail:\n"
            + tail(80));
      }
      last = statusOf(path);
      if (last.equals(Optional.of(status))) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_EVERY.toMillis());
    }
    throw new IllegalStateException("child node's " + path + " did not answer " + status
        + " within " + within + " (last: " + last.map(String::valueOf).orElse("no answer")
        + "); log " + log + ", tail:\n" + tail(80));
  }

  /** The status {@code GET path} answers now, or empty if the node does not answer. */
  public Optional<Integer> statusOf(String path) throws InterruptedException {
    try {
      return Optional.of(get(path).statusCode());
    } catch (IOException notListening) {
      return Optional.empty();
    }
  }

  /** {@code GET path}, waiting at most ten seconds for the answer. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends SIGKILL without waiting. */
  public void sigkill() {
    process.destroyForcibly();
  }

  /** SIGKILL, then wait for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child node survived SIGKILL");
    }
  }

  /** Waits {@code within} for the process to end by itself; its exit status. */
  public int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child node still runs after " + within + "; log " + log
          + ", tail:\n" + tail(80));
    }
    return process.exitValue();
  }

  /** SIGTERM, then wait {@code within} for the process to end; its exit status. */
  public int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child node did not stop within " + within
          + " of SIGTERM; log " + log + ", tail:\n" + tail(80));
    }
    return process.exitValue();
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

}
