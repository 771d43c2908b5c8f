package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.imagesaga.metrics.NodeMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --metrics-addr host:port}: {@code GET /metrics} alone, over plain HTTP and with
 * no client check, on an address of its own, as dockerd's {@code --metrics-addr} serves it
 * (docs/metrics.md); anything else is dockerd's 404. A failed bind stops the node, as it
 * stops dockerd.
 */
public final class MetricsServer {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private MetricsServer() {}

  /** A {@code host:port} as dockerd's {@code --metrics-addr} takes it; IPv6 in brackets. */
  public record Address(String host, int port) {
    public static Address parse(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "" : value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isEmpty() || port < 0 || port > 65535) {
        throw new IllegalArgumentException("invalid --metrics-addr " + value
            + ": expected host:port, such as 127.0.0.1:9323");
      }
      return new Address(host, port);
    }
  }

  public static ServerBinding start(NodeMetrics metrics, Address address,
      ActorSystem<?> system) {
    return start(metrics, address.host(), address.port(), system);
  }

  public static ServerBinding start(NodeMetrics metrics, String host, int port,
      ActorSystem<?> system) {
    MetricsRoutes routes = new MetricsRoutes(metrics);
    Route route = concat(path("metrics", () -> get(routes::scrape)),
        complete(Errors.response(StatusCodes.NOT_FOUND, "page not found")));
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port).bind(route)
          .toCompletableFuture().join();
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      InetSocketAddress bound = binding.localAddress();
      log.info("metrics at http://{}:{}/metrics (unauthenticated)", bound.getHostString(),
          bound.getPort());
      return binding;
    } catch (RuntimeException e) {
      log.error("cannot bind the metrics address {}:{}, stopping", host, port, e);
      system.terminate();
      throw e;
    }
  }
}
