package io.imagesaga.testkit;

import io.imagesaga.api.HttpServer;
import io.imagesaga.api.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real node per test class, on a LevelDB journal in a fresh temp dir, optionally serving
 * the Engine API on a free port: {@code @RegisterExtension static final NodeExtension node}.
 */
public final class NodeExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean http;
  private final Map<String, ?> settings;
  private Path dataDir;
  private NodeDriver driver;
  private int port;

  private NodeExtension(boolean http, Map<String, ?> settings) {
    this.http = http;
    this.settings = settings;
  }

  public static NodeExtension embedded() {
    return new NodeExtension(false, Map.of());
  }

  public static NodeExtension withHttp() {
    return withHttp(Map.of());
  }

  /** Serving the API, with {@code settings} overriding the shipped configuration. */
  public static NodeExtension withHttp(Map<String, ?> settings) {
    return new NodeExtension(true, settings);
  }

  public NodeDriver driver() {
    return driver;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How many layer blobs the node stores now. */
  public long layerBlobs() throws IOException {
    Path layers = dataDir.resolve("blobs").resolve("layers");
    if (!Files.isDirectory(layers)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(layers)) {
      return files.count();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("imagesaga-test");
    driver = NodeDriver.start(dataDir, settings);
    bind();
  }

  /** A new node on the same data dir; the API, if served, moves to a new port. */
  public void restart() throws Exception {
    driver.restart();
    bind();
  }

  private void bind() {
    if (http) {
      port = HttpServer.start(new Routes(driver.node()).route(), "127.0.0.1", 0,
          driver.node().system()).localAddress().getPort();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    driver.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
