package io.imagesaga.testkit.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends a {@link FuzzRequest}'s bytes as they are and reads one answer
 * within a deadline for the whole exchange (head and body: a server that trickles is caught as
 * well as one that is silent). Honestly framed requests share one keep-alive connection, as the
 * docker CLI's do; oddly framed ones get a connection of their own whose output is shut after
 * the request, so that the server sees the body end.
 */
public final class RawHttp implements AutoCloseable {
  /** No answer within the deadline: the property "no hang" failed. */
  public static final class Hang extends IOException {
    Hang(String message) {
      super(message);
    }
  }

  /**
   * An answer: header names in lower case, the body de-chunked; {@code headOnly} when only the
   * head was read (a live event stream). {@code status} is 0 when the server closed the
   * connection without answering.
   */
  public record Response(int status, Map<String, String> headers, byte[] body,
      boolean headOnly) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Response closed() {
      return new Response(0, Map.of(), new byte[0], false);
    }
  }

  private final int port;
  private final Duration bound;
  private Socket shared;
  private InputStream sharedIn;

  public RawHttp(int port, Duration bound) {
    this.port = port;
    this.bound = bound;
  }

  /** Sends {@code request} and reads its answer; {@link Hang} past the bound. */
  public Response exchange(FuzzRequest request) throws IOException {
    long deadline = System.nanoTime() + bound.toNanos();
    if (request.oddFraming()) {
      try (Socket socket = open()) {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        if (send(socket, request)) {
          socket.shutdownOutput();
        }
        return read(socket, in, request, deadline);
      }
    }
    if (shared == null || shared.isClosed()) {
      shared = open();
      sharedIn = new BufferedInputStream(shared.getInputStream());
    }
    try {
      boolean sent = send(shared, request);
      Response response = read(shared, sharedIn, request, deadline);
      if (!sent || response.status() == 0 || response.headOnly()
          || "close".equalsIgnoreCase(response.header("connection"))) {
        dropShared();
      }
      return response;
    } catch (IOException e) {
      dropShared();
      throw e;
    }
  }

  /**
   * Writes the request; false if the server closed the connection first. It may have answered
   * before it closed (a 414 for a target too long is sent before the rest is read), so the
   * answer is read all the same.
   */
  private static boolean send(Socket socket, FuzzRequest request) {
    try {
      socket.getOutputStream().write(request.bytes());
      socket.getOutputStream().flush();
      return true;
    } catch (IOException closedByServer) {
      return false;
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    return socket;
  }

  private Response read(Socket socket, InputStream in, FuzzRequest request, long deadline)
      throws IOException {
    Reader reader = new Reader(socket, in, deadline);
    int code;
    Map<String, String> headers = new LinkedHashMap<>();
    do { // an interim answer (100 Continue) precedes the real one
      String status;
      try {
        status = reader.line();
      } catch (EOFException closed) {
        return Response.closed();
      }
      code = Integer.parseInt(status.split(" ")[1]);
      headers.clear();
      for (String header = reader.line(); !header.isEmpty(); header = reader.line()) {
        int colon = header.indexOf(':');
        headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
      }
    } while (code >= 100 && code < 200 && code != 101);
    if (request.isEventStream() && code == 200) {
      return new Response(code, headers, new byte[0], true);
    }
    byte[] body = request.method().equals("HEAD") || code == 204 || code == 304
        ? new byte[0] : reader.body(headers);
    return new Response(code, headers, body, false);
  }

  private void dropShared() {
    if (shared != null) {
      try {
        shared.close();
      } catch (IOException ignored) {
        // closing a socket that failed: nothing left to do
      }
      shared = null;
    }
  }

  @Override
  public void close() {
    dropShared();
  }

  /** Reads lines and bodies, each read waiting at most until the exchange's deadline. */
  private record Reader(Socket socket, InputStream in, long deadline) {
    int next() throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new Hang("no complete answer within the bound");
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      try {
        return in.read();
      } catch (SocketTimeoutException e) {
        throw new Hang("no complete answer within the bound");
      }
    }

    String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = next(); b != '\n'; b = next()) {
        if (b < 0) {
          throw new EOFException("connection closed after \""
              + line.toString(StandardCharsets.ISO_8859_1) + "\"");
        }
        line.write(b);
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    byte[] body(Map<String, String> headers) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
          exactly(body, size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers: none expected, skipped
        }
      } else if (headers.containsKey("content-length")) {
        exactly(body, Integer.parseInt(headers.get("content-length")));
      } else {
        for (int b = next(); b >= 0; b = next()) {
          body.write(b);
        }
      }
      return body.toByteArray();
    }

    private int chunkSize() throws IOException {
      String size = line();
      int extension = size.indexOf(';');
      return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void exactly(ByteArrayOutputStream body, int size) throws IOException {
      for (int i = 0; i < size; i++) {
        int b = next();
        if (b < 0) {
          throw new EOFException("connection closed inside a body");
        }
        body.write(b);
      }
    }
  }
}
