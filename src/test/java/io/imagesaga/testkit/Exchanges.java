package io.imagesaga.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

  /**
   * A body without end, a chunk at a time, until {@code cap} bytes have gone ({@code sent}
   * counts them) or {@code closing} opens.
   */
  static void endless(HttpExchange exchange, long cap, AtomicLong sent, CountDownLatch closing)
      throws IOException {
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = exchange.getResponseBody()) {
      while (sent.get() < cap && closing.getCount() > 0) {
        out.write(chunk);
        sent.addAndGet(chunk.length);
      }
    } catch (IOException clientLeft) {
      // What a client that stops reading does to the connection.
    }
  }

  /**
   * A byte each half second, round and round {@code body}, until {@code closing} opens: the
   * pacing of a slow body that never ends (chunked, so no length tells the client it is done).
   */
  static void trickle(HttpExchange exchange, byte[] body, CountDownLatch closing)
      throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; !awaitQuietly(closing, 500); i = (i + 1) % body.length) {
        out.write(body[i]);
        out.flush();
      }
    } catch (IOException clientLeft) {
      // The client gave up on it.
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
