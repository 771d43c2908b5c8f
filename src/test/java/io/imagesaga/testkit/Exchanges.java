package io.imagesaga.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Answers of the test registries' JDK HTTP servers. */
final class Exchanges {
  private Exchanges() {}

  /** A JSON answer of known length ({@code body} empty: none). */
  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    send(exchange, 307, new byte[0]);
  }

  /** A body without a length (chunked), as a registry may send one. */
  static void stream(HttpExchange exchange, byte[]... parts) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (byte[] part : parts) {
        out.write(part);
      }
    } catch (IOException clientLeft) {
      // A client that stopped reading at its limit.
    }
  }

  /** Whether {@code latch} opened within {@code millis}; an interrupt counts as open. */
  static boolean awaitQuietly(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
