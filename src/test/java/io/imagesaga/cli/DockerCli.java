package io.imagesaga.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real docker CLI against a node, with a private config dir. */
public final class DockerCli {
  public record Result(int exit, String stdout, String stderr) {}

  private final String host;
  private final Path configDir;
  private final Path certPath;

  public DockerCli(int port, Path configDir) {
    this("tcp://127.0.0.1:" + port, configDir);
  }

  /** @param host as {@code DOCKER_HOST} takes it */
  public DockerCli(String host, Path configDir) {
    this(host, configDir, null);
  }

  private DockerCli(String host, Path configDir, Path certPath) {
    this.host = host;
    this.configDir = configDir;
    this.certPath = certPath;
  }

  /**
   * The CLI over mutual TLS, as {@code DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=certPath}: it
   * checks the node against {@code ca.pem} and presents {@code cert.pem} if there is one.
   */
  public static DockerCli withTls(int port, Path configDir, Path certPath) {
    return new DockerCli("tcp://127.0.0.1:" + port, configDir, certPath);
  }

  public Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DOCKER_HOST", host);
    builder.environment().put("DOCKER_CONFIG", configDir.toString());
    builder.environment().remove("DOCKER_API_VERSION");
    builder.environment().remove("DOCKER_CONTEXT");
    builder.environment().remove("DOCKER_TLS_VERIFY");
    builder.environment().remove("DOCKER_CERT_PATH");
    if (certPath != null) {
      builder.environment().put("DOCKER_TLS_VERIFY", "1");
      builder.environment().put("DOCKER_CERT_PATH", certPath.toString());
    }
    Process process = builder.start();
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("docker " + String.join(" ", args) + " hung");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
