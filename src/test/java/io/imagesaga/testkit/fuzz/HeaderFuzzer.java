package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import io.imagesaga.testkit.fuzz.FuzzRequest.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Odd heads for a {@link Draft}: the headers a browser, a proxy or an attacker would add
 * ({@code Host}, {@code Origin}, {@code Content-Type}, {@code X-Request-Id}, {@code User-Agent}
 * and friends, wrong, huge or doubled), and bodies framed dishonestly ({@code Content-Length}
 * too long, too short, negative, doubled; chunked bodies cut, mis-sized or with both framings).
 */
public final class HeaderFuzzer {
  private static final List<String> HOSTS = List.of("", "evil.example", "127.0.0.1:1",
      "[::1]:2375", "localhost", "a b", "imagesaga:99999", "h".repeat(300), "\u00e9.example",
      "127.0.0.1:2375, evil.example", "@evil.example");
  private static final List<String> ORIGINS = List.of("http://evil.example", "null",
      "file://", "http://127.0.0.1:2375", "https://localhost", "", "x", "http://[::1",
      "http://" + "o".repeat(500) + ".example");
  private static final List<String> TYPES = List.of("application/json", "application/x-tar",
      "text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=",
      "a/b/c", ";;;", "", "application/x-www-form-urlencoded", "*/*",
      "application/json; charset=\"", "application/x-tar; x=" + "y".repeat(2000));
  private static final List<String> IDS = List.of("req-1", "", " ", "a b", "x".repeat(128),
      "x".repeat(129), "\u00e9", "\t", "id\u007f", "../../etc", "{\"json\":1}", "%00");
  private static final List<String> AGENTS = List.of("Docker-Client/28.0.0 (linux)", "",
      "curl/8", "a".repeat(300), "a".repeat(9000), "tab\there", "\u00e9\u00e8",
      Mutations.utf8AsLatin1("\u4e2d\ud83d\ude00"), "x\u0001y");
  private static final List<String> OTHERS = List.of("X-Forwarded-For: 10.0.0.1",
      "X-Real-Ip: 10.0.0.2", "X-Registry-Auth: e30=", "X-Registry-Auth: !!notbase64",
      "X-Registry-Auth: " + "QQ".repeat(3000), "Connection: close", "Connection: upgrade",
      "Upgrade: h2c", "Expect: 100-continue", "Expect: nonsense", "Accept-Encoding: gzip",
      "Content-Encoding: gzip", "Content-Encoding: deflate", "Authorization: Basic Og==",
      "Cookie: a=b", "Range: bytes=0-1", "If-None-Match: *", "X-Http-Method-Override: DELETE",
      "Sec-Fetch-Site: cross-site", "Accept: text/html");

  /**
   * Whether header values may end inside a UTF-8 sequence (a lone {@code \xE9} before the line
   * end). Off by default: Pekko HTTP's header parser then takes the line end for the rest of
   * the sequence, loses the end of the head and never answers (HttpHeaderParser
   * .scanHeaderValue; see docs/testing.md, "Fuzzing"). {@code -Dimagesaga.fuzz.cut-utf8-headers}
   * puts them back.
   */
  public static final boolean CUT_UTF8 = Boolean.getBoolean("imagesaga.fuzz.cut-utf8-headers");

  private HeaderFuzzer() {}

  /** {@code draft} with its CLI headers changed: some replaced, doubled, dropped or added. */
  public static FuzzRequest headers(Random random, Draft draft, String prefix) {
    List<Header> headers = new ArrayList<>(draft.cliHeaders());
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      change(random, headers);
    }
    if (!CUT_UTF8) {
      headers.replaceAll(h -> new Header(h.name(), finishUtf8(h.value())));
    }
    return new FuzzRequest("headers+" + draft.family(), draft.method(), draft.target(prefix),
        headers, draft.body(), false, draft.recipe());
  }

  /** {@code value} (one char per byte), padded if a UTF-8 sequence would run past its end. */
  static String finishUtf8(String value) {
    for (int i = Math.max(0, value.length() - 3); i < value.length(); i++) {
      char c = value.charAt(i);
      int length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (c < 0x100 && i + length > value.length()) {
        return value + "~~~";
      }
    }
    return value;
  }

  private static void change(Random random, List<Header> headers) {
    switch (random.nextInt(8)) {
      case 0 -> set(headers, "Host", pick(random, HOSTS), random);
      case 1 -> set(headers, "Origin", pick(random, ORIGINS), random);
      case 2 -> set(headers, "Content-Type", pick(random, TYPES), random);
      case 3 -> set(headers, "X-Request-Id", pick(random, IDS), random);
      case 4 -> set(headers, "User-Agent", pick(random, AGENTS), random);
      case 5 -> {
        String line = pick(random, OTHERS);
        int colon = line.indexOf(": ");
        headers.add(new Header(line.substring(0, colon), line.substring(colon + 2)));
      }
      case 6 -> headers.removeIf(h -> h.name().equals(pick(random, "Host", "User-Agent",
          "Content-Type")));
      default -> headers.add(new Header(Mutations.string(random, "X-Fuzz"),
          Mutations.utf8AsLatin1(Mutations.string(random, "v"))));
    }
  }

  /** Replaces the header named {@code name}, or (one time in three) adds a second one. */
  private static void set(List<Header> headers, String name, String value, Random random) {
    if (random.nextInt(3) != 0) {
      headers.removeIf(h -> h.name().equalsIgnoreCase(name));
    }
    headers.add(new Header(random.nextInt(6) == 0 ? name.toLowerCase() : name, value));
  }

  /** {@code draft} framed dishonestly or oddly; oddly framed requests get their own connection. */
  public static FuzzRequest framing(Random random, Draft draft, String prefix) {
    byte[] content = draft.body().length > 0 ? draft.body()
        : "{\"Image\":\"sample/app:1\"}".getBytes(StandardCharsets.UTF_8);
    List<Header> headers = new ArrayList<>(draft.cliHeaders());
    headers.removeIf(h -> h.name().equals("Content-Length"));
    byte[] body = content;
    String how;
    switch (random.nextInt(11)) {
      case 0 -> how = length(headers, Integer.toString(content.length + 1 + random.nextInt(4096)));
      case 1 -> {
        how = length(headers, Integer.toString(random.nextInt(content.length)));
      }
      case 2 -> how = length(headers, pick(random, "-1", "x", "+5", " 5", "1e3", "0x10",
          "99999999999999999999", "9223372036854775807", "", "5, 5"));
      case 3 -> {
        headers.add(new Header("Content-Length", Integer.toString(content.length)));
        how = length(headers, Integer.toString(content.length + 1));
      }
      case 4 -> {
        how = length(headers, Integer.toString(content.length));
        headers.add(new Header("Transfer-Encoding", "chunked"));
        body = chunked(random, content, true);
      }
      case 5, 6 -> {
        headers.add(new Header("Transfer-Encoding", pick(random, "chunked", "Chunked",
            "gzip, chunked", "chunked, gzip", "identity", "chunked, chunked", " chunked")));
        body = chunked(random, content, random.nextBoolean());
        how = "chunked";
      }
      case 7 -> {
        headers.add(new Header("Transfer-Encoding", "chunked"));
        body = badChunks(random, content);
        how = "bad chunks";
      }
      case 8 -> how = "no framing header";
      case 9 -> {
        headers.add(new Header("Transfer-Encoding", "chunked"));
        headers.add(new Header("Transfer-Encoding", "chunked"));
        body = chunked(random, content, true);
        how = "chunked twice";
      }
      default -> how = length(headers, "0");
    }
    return new FuzzRequest("framing+" + draft.family(), draft.method(), draft.target(prefix),
        headers, body, true, how + (draft.recipe().isEmpty() ? "" : "; " + draft.recipe()));
  }

  private static String length(List<Header> headers, String value) {
    headers.add(new Header("Content-Length", value));
    return "Content-Length " + value;
  }

  /** {@code content} in random-sized chunks, with extensions sometimes; terminated or cut. */
  public static byte[] chunked(Random random, byte[] content, boolean terminated) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < content.length) {
      int size = Math.min(content.length - at, 1 + random.nextInt(4096));
      String extension = random.nextInt(10) == 0 ? ";ext=\"v\"" : "";
      out.writeBytes((Integer.toHexString(size) + extension + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(content, at, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      at += size;
    }
    if (terminated) {
      out.writeBytes((random.nextInt(10) == 0 ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }

  private static byte[] badChunks(Random random, byte[] content) {
    byte[] good = chunked(random, content, true);
    String head = pick(random, "zz\r\n", "-1\r\n", "ffffffffffffffff\r\n", "7fffffff\r\n",
        "\r\n", "1\r\nab\r\n", " 1\r\na\r\n");
    return random.nextBoolean()
        ? Mutations.bytes(random, good)
        : concat(head.getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(good, good.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
