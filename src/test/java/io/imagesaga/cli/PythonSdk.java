package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code src/test/resources/python-sdk} with the Python Docker SDK against a
 * node. The interpreter is {@code -Dimagesaga.python}, by default {@code .ci/.venv/bin/python},
 * which {@code .ci/python-sdk} sets up; without it, or without the SDK, the suite fails (it is
 * never skipped).
 */
final class PythonSdk {
  record Result(int exit, String stdout, String stderr) {}

  private static final String SETUP = ".ci/python-sdk";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String interpreter;
  private final String host;
  private final String version;

  private PythonSdk(String interpreter, String host, String version) {
    this.interpreter = interpreter;
    this.host = host;
    this.version = version;
  }

  /** The SDK for a node on {@code port}; fails the calling test when there is none. */
  static PythonSdk find(int port) throws IOException, InterruptedException {
    String interpreter = System.getProperty("imagesaga.python", ".ci/.venv/bin/python");
    if (!Files.isExecutable(Path.of(interpreter))) {
      fail("no Python interpreter at " + interpreter + " (-Dimagesaga.python): run " + SETUP
          + ", which makes .ci/.venv with the Docker SDK");
    }
    String host = "tcp://127.0.0.1:" + port;
    Result probe = run(interpreter, host, "-c", "import docker; print(docker.__version__)");
    if (probe.exit() != 0) {
      fail(interpreter + " cannot import the Docker SDK: run " + SETUP + "\n" + probe.stderr());
    }
    PythonSdk sdk = new PythonSdk(interpreter, host, probe.stdout().trim());
    System.out.println("Python Docker SDK " + sdk.version + " (" + interpreter + ")");
    return sdk;
  }

  /** Runs {@code python-sdk/<script>} with {@code args}; DOCKER_HOST names the node. */
  Result script(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(path(script).toString()));
    command.addAll(List.of(args));
    return run(interpreter, host, command.toArray(String[]::new));
  }

  private static Path path(String script) {
    try {
      return Path.of(PythonSdk.class.getResource("/python-sdk/" + script).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no script python-sdk/" + script, e);
    }
  }

  private static Result run(String interpreter, String host, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(interpreter));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DOCKER_HOST", host);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    for (String variable : List.of("DOCKER_API_VERSION", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
        "DOCKER_CONTEXT", "DOCKER_CONFIG")) {
      builder.environment().remove(variable);
    }
    Process process = builder.start();
    process.getOutputStream().close();
    return await(process, TIMEOUT, String.join(" ", command));
  }

  /**
   * The process's exit and output; a process still running after {@code timeout} is killed
   * (with what it started) and fails the caller, so a hung script cannot hang the suite.
   */
  static Result await(Process process, Duration timeout, String what)
      throws InterruptedException {
    // Both pipes are read aside: a full pipe would stop the process, a blocking read would
    // wait as long as it runs.
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException(what + " hung");
    }
    return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
