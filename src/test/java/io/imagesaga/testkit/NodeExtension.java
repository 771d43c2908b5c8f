package io.imagesaga.testkit;

import io.imagesaga.api.HttpServer;
import io.imagesaga.api.Routes;
import io.imagesaga.security.ApiSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
  private final Map<String, ?> overrides;
  private Path dataDir;
  private NodeDriver driver;
  private int port;

  private NodeExtension(boolean http, Map<String, ?> overrides) {
    this.http = http;
    this.overrides = overrides;
  }

  public static NodeExtension embedded() {
    return new NodeExtension(false, Map.of());
  }

  /** An embedded node whose configuration has {@code overrides} (configuration paths). */
  public static NodeExtension embedded(Map<String, ?> overrides) {
    return new NodeExtension(false, overrides);
  }

  public static NodeExtension withHttp() {
    return withHttp(Map.of());
  }

  /** Serving the API, with {@code overrides} (configuration paths) winning over conf/. */
  public static NodeExtension withHttp(Map<String, ?> overrides) {
    return new NodeExtension(true, overrides);
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
    driver = NodeDriver.start(dataDir, overrides);
    bind();
  }

  /** A new node on the same data dir; the API, if served, moves to a new port. */
  public void restart() throws Exception {
    restart(() -> {});
  }

  /** {@link #restart()}, running {@code whileStopped} between the stop and the start. */
  public void restart(Runnable whileStopped) throws Exception {
    driver.restart(whileStopped);
    bind();
  }

  /**
   * Serves the API as {@code serve} does, over TLS with client verification and a policy when
   * the overrides configure them ({@code imagesaga.tls.*}, {@code imagesaga.http.policy-file}).
   */
  private void bind() {
    if (http) {
      ApiSecurity security = ApiSecurity.load(TestConfigs.node(dataDir, overrides),
          Instant.now());
      port = HttpServer.start(new Routes(driver.node(), Optional.empty(), security.access())
              .route(), "127.0.0.1", 0, driver.node().system(), security.tls())
          .localAddress().getPort();
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
