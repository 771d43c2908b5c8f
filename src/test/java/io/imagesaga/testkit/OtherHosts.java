package io.imagesaga.testkit;

import static io.imagesaga.testkit.Exchanges.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The hosts {@link HostileRegistry} sends a client to, both on loopback. {@link #elsewhere}
 * serves the genuine blobs to anyone and records the {@code Authorization} header of each
 * request. {@link #breaker} speaks just enough HTTP to break off: on {@code /early/…} it resets
 * the connection as soon as it has read the request; on {@code /late/…} it answers 200 with a
 * {@code Content-Length} of a megabyte, sends ten bytes and closes; to a TLS handshake it answers
 * 400 in plain HTTP, as a plain-HTTP server does.
 */
final class OtherHosts implements AutoCloseable {
  /** The first byte of a TLS record that carries a handshake (a ClientHello). */
  private static final int TLS_HANDSHAKE = 0x16;
  private final HttpServer elsewhere;
  private final ServerSocket breaker;
  private final Function<String, byte[]> blobs;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** @param blobs the genuine blob of a digest */
  OtherHosts(ExecutorService threads, Function<String, byte[]> blobs) throws IOException {
    this.blobs = blobs;
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext("/", this::elsewhere);
    elsewhere.setExecutor(threads);
    elsewhere.start();
    breaker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::breakConnections);
  }

  int elsewherePort() {
    return elsewhere.getAddress().getPort();
  }

  int breakerPort() {
    return breaker.getLocalPort();
  }

  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void elsewhere(HttpExchange exchange) throws IOException {
    authorizations.add(String.valueOf(
        exchange.getRequestHeaders().getOrDefault("Authorization", List.of("")).get(0)));
    byte[] blob = blobs.apply(exchange.getRequestURI().getPath().replace("/blobs/", ""));
    send(exchange, blob == null ? 404 : 200,
        blob == null ? "{}".getBytes(StandardCharsets.UTF_8) : blob);
  }

  private void breakConnections() {
    while (!breaker.isClosed()) {
      try (Socket socket = breaker.accept()) {
        InputStream in = socket.getInputStream();
        int first = in.read();
        OutputStream out = socket.getOutputStream();
        if (first == TLS_HANDSHAKE) {
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } else if (((char) first + requestHead(in)).startsWith("GET /late/")) {
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n0123456789")
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } else {
          socket.setSoLinger(true, 0); // closing now sends a reset, not an orderly end
        }
      } catch (IOException closedOrGone) {
        // The server was closed, or the client left first: nothing to answer.
      }
    }
  }

  /** The request line and headers, up to the blank line that ends them. */
  private static String requestHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  @Override
  public void close() {
    elsewhere.stop(0);
    try {
      breaker.close();
    } catch (IOException ignored) {
      // Closing only stops the accept loop.
    }
  }
}
