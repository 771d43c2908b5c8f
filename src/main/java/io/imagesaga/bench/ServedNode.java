package io.imagesaga.bench;

import io.imagesaga.api.HttpServer;
import io.imagesaga.api.Routes;
import io.imagesaga.app.AppConfig;
import io.imagesaga.app.Node;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node in this JVM serving the Engine API on a free loopback port, as {@code serve} does
 * (the same routes, guards and HTTP server). In-process rather than a child JVM so that one fill
 * serves the in-process and the HTTP figures alike, and the HTTP figure differs from the
 * in-process one by exactly the HTTP layer (and the client, which shares the machine either way).
 */
final class ServedNode implements AutoCloseable {
  final Node node;
  final URI base;

  private ServedNode(Node node, URI base) {
    this.node = node;
    this.base = base;
  }

  /** Starts the node; {@code scratch} stops it before removing its data dir on Ctrl-C. */
  static ServedNode start(Path confDir, Path dataDir, ScratchDirs scratch) throws Exception {
    Node node = Node.start(AppConfig.load(confDir, Map.of("imagesaga.data-dir",
        dataDir.toString(), "pekko.loglevel", "WARNING")));
    scratch.closeFirst(node);
    try {
      int port = HttpServer.start(new Routes(node).route(), "127.0.0.1", 0, node.system())
          .localAddress().getPort();
      return new ServedNode(node, URI.create("http://127.0.0.1:" + port));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
