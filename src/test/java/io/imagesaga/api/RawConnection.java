package io.imagesaga.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection driven byte by byte, so that a test decides when each part of a
 * chunked body leaves and can reuse the connection as a keep-alive client does. Reads time out
 * after a minute instead of hanging the build.
 */
final class RawConnection implements AutoCloseable {
  /** A response as it came: header names in lower case, the body de-chunked. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, UTF_8);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** The head of a chunked {@code POST /images/load}. */
  void startLoad() throws IOException {
    send(("POST /v1.47/images/load?quiet=1 HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(US_ASCII));
  }

  /** A request without a body, with exactly the head lines given (Host among them). */
  void send(String method, String path, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value)
        .append("\r\n"));
    send(head.append("\r\n").toString().getBytes(US_ASCII));
  }

  void get(String path) throws IOException {
    send(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(US_ASCII));
  }

  void chunk(byte[] data) throws IOException {
    send(concat((Integer.toHexString(data.length) + "\r\n").getBytes(US_ASCII), data,
        "\r\n".getBytes(US_ASCII)));
  }

  /** The zero-length chunk that ends a chunked body. */
  void lastChunk() throws IOException {
    send("0\r\n\r\n".getBytes(US_ASCII));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Ends what this side sends (a half-close): the server sees the body end where it is. */
  void endOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** The status and headers of a response whose body is then read by {@link #chunk()}. */
  Response head() throws IOException {
    String status = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, new byte[0]);
  }

  /** The next chunk of a chunked body, as text; empty at its end. */
  String chunk() throws IOException {
    int size = chunkSize();
    String chunk = new String(exactly(size), UTF_8);
    line();
    return chunk;
  }

  /** The next response: its body read by {@code Content-Length} or chunk by chunk. */
  Response read() throws IOException {
    Response head = head();
    Map<String, String> headers = head.headers();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        body.write(exactly(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers: none expected, skipped
      }
    } else if (headers.containsKey("content-length")) {
      body.write(exactly(Integer.parseInt(headers.get("content-length"))));
    }
    return new Response(head.status(), headers, body.toByteArray());
  }

  private int chunkSize() throws IOException {
    String size = line();
    int extension = size.indexOf(';');
    return Integer.parseInt(extension < 0 ? size : size.substring(0, extension), 16);
  }

  private byte[] exactly(int size) throws IOException {
    byte[] bytes = in.readNBytes(size);
    if (bytes.length < size) {
      throw new EOFException("connection closed inside a body");
    }
    return bytes;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed after \"" + line.toString(US_ASCII) + "\"");
      }
      line.write(b);
    }
    String text = line.toString(US_ASCII);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
