package io.imagesaga.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One generated request, exactly as it goes on the wire: the request line, the headers in
 * order (framing headers included: the generator writes them, right or wrong), and the body
 * bytes as sent (already chunked when the headers say so).
 *
 * @param family the generator that made it, for the tally and for excluding a family
 * @param method the method as sent (may be nonsense)
 * @param target the request target as sent: path and query, percent-encoded or not
 * @param headers every header line, in order
 * @param body the bytes after the head
 * @param oddFraming the headers do not frame the body honestly (a length longer than the
 *     body, a chunked body without its last chunk, ...): sent on a connection of its own whose
 *     output is then shut, and the server may close it without an answer
 * @param recipe how the body was made (an archive's entries, a mutation), for the report
 */
public record FuzzRequest(String family, String method, String target, List<Header> headers,
    byte[] body, boolean oddFraming, String recipe) {

  /** One header line: its name and value, sent as {@code name: value}. */
  public record Header(String name, String value) {}

  /** Holds what goes on the wire: a char past {@code \u00FF} is sent as {@code ?}. */
  public FuzzRequest {
    method = wire(method);
    target = wire(target);
    headers = headers.stream().map(h -> new Header(wire(h.name()), wire(h.value()))).toList();
  }

  private static String wire(String text) {
    return new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
  }

  /** The request's path without query, as sent. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** Whether the server is expected to answer with a stream read to its end before judging. */
  public boolean isImport() {
    String path = path();
    return method.equals("POST") && (path.endsWith("/images/load")
        || path.endsWith("/images/create"));
  }

  /**
   * {@code GET /events}: a live stream unless {@code until} ends it; only its head is read. The
   * path is decoded first, as the node matches it.
   */
  public boolean isEventStream() {
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(path().replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notDecodable) {
      decoded = path();
    }
    return method.equals("GET") && decoded.endsWith("/events");
  }

  /** The value of the first header named {@code name} (any case), or null. */
  public String header(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value)
        .findFirst().orElse(null);
  }

  /** The bytes sent: request line, headers, blank line, body. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (Header h : headers) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    head.append("\r\n");
    // ISO-8859-1 keeps every generated char below 256 as one byte; the generators put UTF-8
    // into header values by encoding it to such chars first where they mean to.
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** What a developer needs to see the case: method, target, headers, body summary. */
  public String describe() {
    List<String> lines = new ArrayList<>();
    lines.add("family " + family + (oddFraming ? " (odd framing)" : ""));
    lines.add(escape(method, 40) + " " + escape(target, 400));
    headers.forEach(h -> lines.add("  " + escape(h.name(), 60) + ": " + escape(h.value(), 200)));
    lines.add("  body: " + body.length + " bytes" + (body.length == 0 ? ""
        : ", starts " + escape(new String(body, 0, Math.min(body.length, 120),
            StandardCharsets.ISO_8859_1), 200)));
    if (!recipe.isEmpty()) {
      lines.add("  recipe: " + escape(recipe, 1500));
    }
    return String.join("\n", lines);
  }

  /** Printable ASCII as is, everything else as {@code \xNN} / {@code \\uNNNN}, cut at max. */
  static String escape(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x100) {
        out.append("\\x").append(HexFormat.of().toHexDigits((byte) c).toUpperCase(Locale.ROOT));
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    if (out.length() >= max) {
      out.append("... (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }
}
