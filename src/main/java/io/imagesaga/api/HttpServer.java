package io.imagesaga.api;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the API and unbinds it on coordinated shutdown; a failed bind stops the node. */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  public static ServerBinding start(Route route, String host, int port, ActorSystem<?> system) {
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port).bind(route)
          .toCompletableFuture().join();
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      log.info("Docker Engine API at http://{}:{}/", binding.localAddress().getHostString(),
          binding.localAddress().getPort());
      return binding;
    } catch (RuntimeException e) {
      log.error("cannot bind {}:{}, stopping", host, port, e);
      system.terminate();
      throw e;
    }
  }
}
