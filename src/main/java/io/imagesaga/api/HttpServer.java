package io.imagesaga.api;

import io.imagesaga.security.ServerTls;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the API, over TLS when it is configured, and unbinds it on coordinated shutdown; a
 * failed bind stops the node.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  /** Plain HTTP. */
  public static ServerBinding start(Route route, String host, int port, ActorSystem<?> system) {
    return start(route, host, port, system, Optional.empty());
  }

  /** Over {@code tls} when present: each connection gets a new engine of it. */
  public static ServerBinding start(Route route, String host, int port, ActorSystem<?> system,
      Optional<ServerTls> tls) {
    try {
      ServerBuilder builder = Http.get(system).newServerAt(host, port);
      if (tls.isPresent()) {
        builder = builder.enableHttps(ConnectionContext.httpsServer(tls.get()::engine));
      }
      ServerBinding binding = builder.bind(route).toCompletableFuture().join();
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      log.info("Docker Engine API at {}://{}:{}/{}", tls.isPresent() ? "https" : "http",
          binding.localAddress().getHostString(), binding.localAddress().getPort(),
          tls.map(t -> t.verifiesClients() ? " (mutual TLS: client certificates verified)"
              : " (TLS, clients not verified)").orElse(""));
      return binding;
    } catch (RuntimeException e) {
      log.error("cannot bind {}:{}, stopping", host, port, e);
      system.terminate();
      throw e;
    }
  }
}
