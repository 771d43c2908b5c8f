package io.imagesaga.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent that answers recorded JSON (the JDK's HTTP server on a free loopback port): each
 * {@code METHOD path} gets its answers in the order they were recorded, the last one again
 * when they run out; every request is kept, query included.
 */
final class RecordedAgent implements AutoCloseable {
  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new HashMap<>();
  private final List<String> requests = new ArrayList<>();

  RecordedAgent() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code method path} (no query) answers {@code status} and {@code body}, in turn. */
  synchronized RecordedAgent on(String method, String path, int status, String body) {
    answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>())
        .add(new Answer(status, body));
    return this;
  }

  /** {@code METHOD path?query} of every request so far. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  String host() {
    return "tcp://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    Answer answer;
    synchronized (this) {
      requests.add(method + " " + path + (query == null ? "" : "?" + query));
      Deque<Answer> queue = answers.get(method + " " + path);
      answer = queue == null ? new Answer(404, "{\"message\":\"page not found\"}")
          : queue.size() > 1 ? queue.poll() : queue.peek();
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
