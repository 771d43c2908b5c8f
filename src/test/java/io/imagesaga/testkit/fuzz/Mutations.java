package io.imagesaga.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generic mutations of strings, bytes and JSON trees: each takes something valid-looking and
 * breaks it in one small way (a character inserted, dropped or doubled, an encoding applied
 * twice, a type swapped, a length blown up), so that generated input stays near the edge where
 * parsers decide.
 */
public final class Mutations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Characters that mean something to some parser on the way: URLs, references, JSON, HTTP. */
  private static final String[] SPECIAL = {"/", ":", "@", ".", "..", "_", "-", "__", "%", "%2F",
      "%00", "%zz", "?", "#", "&", "=", "+", ";", ",", "~", "*", " ", "\t", "\"", "'", "\\",
      "{", "}", "[", "]", "<", ">", "|", "^", "`", "$", "!", "\u0000", "\n", "\r\n", "\u007f",
      "\u00e9", "\u4e2d", "\ud83d\ude00", "\ud800", "\uffff", "\u202e", "A", "Z", "sha256:",
      "sha256", "latest", "localhost", "127.0.0.1:5000", "docker.io", "library/", "//", "./"};
  private static final int[] LENGTHS = {0, 1, 63, 64, 65, 127, 128, 255, 256, 1024, 4096, 70_000};

  private Mutations() {}

  public static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  @SafeVarargs
  public static <T> T pick(Random random, T... from) {
    return from[random.nextInt(from.length)];
  }

  /** A token that means something to some parser. */
  public static String special(Random random) {
    return pick(random, SPECIAL);
  }

  /** {@code value} changed once, or (rarely) twice. */
  public static String string(Random random, String value) {
    String mutated = once(random, value);
    return random.nextInt(5) == 0 ? once(random, mutated) : mutated;
  }

  private static String once(Random random, String value) {
    int at = value.isEmpty() ? 0 : random.nextInt(value.length() + 1);
    int end = value.isEmpty() ? 0 : Math.min(value.length(), at + 1 + random.nextInt(8));
    return switch (random.nextInt(12)) {
      case 0 -> value.substring(0, at) + special(random) + value.substring(at);
      case 1 -> at >= end ? value : value.substring(0, at) + value.substring(end);
      case 2 -> at >= end ? value + special(random)
          : value.substring(0, at) + special(random) + value.substring(end);
      case 3 -> value.substring(0, end) + value.substring(at);
      case 4 -> value.toUpperCase();
      case 5 -> value.substring(0, at);
      case 6 -> long_(random, value);
      case 7 -> "";
      case 8 -> URLEncoder.encode(value, StandardCharsets.UTF_8);
      case 9 -> percentEncodeAll(value);
      case 10 -> special(random) + value;
      default -> value + special(random);
    };
  }

  /** {@code value} repeated or padded to one of the lengths parsers care about. */
  public static String long_(Random random, String value) {
    int length = LENGTHS[random.nextInt(LENGTHS.length)];
    String unit = value.isEmpty() ? "a" : value;
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(unit);
    }
    return out.substring(0, length);
  }

  /** Every byte of the UTF-8 of {@code value} as {@code %XX}. */
  public static String percentEncodeAll(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

  /** The UTF-8 bytes of {@code value}, one char per byte: how a raw header value carries it. */
  public static String utf8AsLatin1(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** {@code bytes} changed in one place: bits flipped, a block zeroed, cut, doubled. */
  public static byte[] bytes(Random random, byte[] bytes) {
    if (bytes.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] out = bytes.clone();
    int at = random.nextInt(bytes.length);
    switch (random.nextInt(7)) {
      case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> out[at] = (byte) (int) pick(random, 0, 0xff, 0x7f, 0x80, (int) '/', (int) '.',
          (int) '0', (int) ' ');
      case 2 -> Arrays.fill(out, at, Math.min(out.length, at + 512), (byte) 0);
      case 3 -> out = Arrays.copyOf(out, at);
      case 4 -> {
        byte[] longer = Arrays.copyOf(out, out.length + 512);
        System.arraycopy(out, at, longer, at + 512, out.length - at);
        out = longer;
      }
      case 5 -> random.nextBytes(out = Arrays.copyOf(out, out.length));
      default -> {
        for (int i = 0; i < 8; i++) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
      }
    }
    return out;
  }

  /** A copy of {@code tree} with one value, key or container changed. */
  public static JsonNode json(Random random, JsonNode tree) {
    JsonNode copy = tree.deepCopy();
    List<JsonNode> containers = new ArrayList<>();
    collect(copy, containers);
    if (containers.isEmpty() || random.nextInt(10) == 0) {
      return value(random);
    }
    JsonNode target = pick(random, containers);
    if (target instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      if (keys.isEmpty() || random.nextInt(4) == 0) {
        object.set(random.nextBoolean() ? string(random, "Image") : special(random),
            value(random));
      } else {
        String key = pick(random, keys);
        switch (random.nextInt(3)) {
          case 0 -> object.remove(key);
          case 1 -> object.set(key, value(random));
          default -> object.set(string(random, key), object.remove(key));
        }
      }
    } else if (target instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(value(random));
      } else {
        array.set(random.nextInt(array.size()), value(random));
      }
    }
    return copy;
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      node.forEach(child -> collect(child, into));
    }
  }

  /** A JSON value of any type, some of them at a parser's limits. */
  public static JsonNode value(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 4 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999999"));
      case 5 -> NODES.arrayNode().add(string(random, "sh")).add(NODES.nullNode());
      case 6 -> NODES.objectNode().put(string(random, "a"), string(random, "b"));
      case 7 -> nested(random.nextInt(64) + 1);
      case 8 -> NODES.textNode(long_(random, "x"));
      case 9 -> NODES.numberNode(-0.0);
      default -> NODES.textNode(string(random, "fz/app:1"));
    };
  }

  private static JsonNode nested(int depth) {
    JsonNode node = NODES.textNode("deep");
    for (int i = 0; i < depth; i++) {
      node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("k", node);
    }
    return node;
  }

  /** JSON text broken as text: cut, a byte inserted, a key doubled, garbage after it. */
  public static String jsonText(Random random, JsonNode tree) {
    String text = tree.toString();
    return switch (random.nextInt(8)) {
      case 0 -> text.substring(0, random.nextInt(text.length() + 1));
      case 1 -> string(random, text);
      case 2 -> text.startsWith("{") && text.length() > 2
          ? "{\"Image\":\"fz/app:1\"," + text.substring(1) : text + " ";
      case 3 -> text + pick(random, "x", "}", "]", "{}", "\u0000", "//c");
      case 4 -> "\ufeff" + text;
      case 5 -> "[".repeat(random.nextInt(5000)) + "]".repeat(random.nextInt(5000));
      case 6 -> pick(random, "NaN", "-Infinity", "'single'", "{'Image':'x'}", "{\"a\":1,}");
      default -> text;
    };
  }

  /** {@code value} as JSON text, for query strings and bodies. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
