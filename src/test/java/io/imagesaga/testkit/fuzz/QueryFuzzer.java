package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Query strings and {@code filters=} JSON: the keys a route accepts, unknown ones, both of
 * moby's shapes ({@code {"k":["v"]}} and {@code {"k":{"v":true}}}) and broken ones, encoded
 * properly, raw, twice, or with duplicated and empty parameters.
 */
public final class QueryFuzzer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One query parameter before encoding. */
  public record Param(String name, String value) {}

  /** The filter keys each filtered route knows, with one value generator per key. */
  public enum Route {
    IMAGES("dangling", "label", "before", "since", "reference", "until"),
    PRUNE("dangling", "label", "label!", "until"),
    EVENTS("type", "event", "image", "container", "label", "scope", "daemon", "network"),
    CONTAINERS("ancestor", "before", "exited", "health", "id", "label", "name", "status",
        "since", "volume", "is-task");

    private final List<String> keys;

    Route(String... keys) {
      this.keys = List.of(keys);
    }
  }

  private final Names names;

  public QueryFuzzer(Names names) {
    this.names = names;
  }

  /** A {@code filters} value: valid for {@code route} often, then broken in some way. */
  public String filters(Random random, Route route) {
    ObjectNode root = NODES.objectNode();
    boolean asSet = random.nextInt(3) == 0;
    int keys = random.nextInt(4);
    for (int i = 0; i < keys; i++) {
      String key = random.nextInt(8) == 0 ? pick(random, "bogus", "", "Label", "dangling ")
          : pick(random, route.keys);
      List<String> values = new ArrayList<>();
      for (int v = random.nextInt(3) + (random.nextInt(6) == 0 ? 0 : 1); v > 0; v--) {
        values.add(value(random, key));
      }
      if (asSet) {
        ObjectNode set = root.putObject(key);
        values.forEach(v -> set.put(v, random.nextInt(5) != 0));
      } else {
        ArrayNode list = root.get(key) instanceof ArrayNode known ? known : root.putArray(key);
        values.forEach(list::add);
      }
    }
    return switch (random.nextInt(10)) {
      case 0 -> Mutations.json(random, root).toString();
      case 1 -> Mutations.jsonText(random, root);
      case 2 -> pick(random, "", "null", "{}", "[]", "\"x\"", "1", "{\"dangling\":null}",
          "{\"dangling\":[null]}", "{\"dangling\":{\"true\":null}}", "{\"a\":[],\"b\":{}}");
      default -> root.toString();
    };
  }

  private String value(Random random, String key) {
    return switch (key) {
      case "dangling", "is-task" -> pick(random, "true", "false", "1", "0", "yes", "");
      case "label", "label!" -> names.label(random);
      case "before", "since", "ancestor", "reference", "image" -> names.reference(random);
      case "until" -> names.time(random);
      case "status" -> pick(random, "running", "exited", "created", "paused", "zombie", "");
      case "type" -> pick(random, "image", "container", "volume", "x");
      case "event" -> pick(random, "delete", "untag", "tag", "load", "pull", "create", "x");
      case "container", "name", "id" -> names.container(random);
      case "exited" -> pick(random, "0", "1", "-1", "x", "99999999999");
      default -> Mutations.string(random, "v");
    };
  }

  /** {@code ?a=b&c=d} (or nothing), encoded in one of several right and wrong ways. */
  public static String query(Random random, List<Param> params) {
    List<String> parts = new ArrayList<>();
    int encoding = random.nextInt(10);
    for (Param p : params) {
      String value = p.value() == null ? null : switch (encoding) {
        case 0 -> p.value();
        case 1 -> encode(encode(p.value()));
        case 2 -> Mutations.percentEncodeAll(p.value());
        default -> encode(p.value());
      };
      parts.add(value == null ? encode(p.name()) : encode(p.name()) + "=" + value);
      if (random.nextInt(30) == 0) {
        parts.add(parts.get(parts.size() - 1));
      }
    }
    if (random.nextInt(25) == 0) {
      parts.add(pick(random, "", "=", "&", "x", "%", "=x", "a=%zz", "a=%00", "a=%E9"));
    }
    return parts.isEmpty() ? (random.nextInt(20) == 0 ? "?" : "") : "?" + String.join("&", parts);
  }

  /**
   * Parameters from {@code candidates}, each present with probability 2/3 (a list, not a map:
   * the order of {@code Map.of} changes from JVM to JVM, and a seed must replay).
   */
  public static List<Param> some(Random random, Param... candidates) {
    List<Param> params = new ArrayList<>();
    for (Param candidate : candidates) {
      if (random.nextInt(3) != 0) {
        params.add(candidate);
      }
    }
    if (random.nextInt(8) == 0) {
      params.add(new Param(Mutations.string(random, "extra"), random.nextBoolean() ? null : "1"));
    }
    return params;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A name placed in a path: raw, encoded but its slashes, wholly encoded, or twice. */
  public static String pathName(Random random, String name) {
    return switch (random.nextInt(8)) {
      case 0 -> name;
      case 1 -> encode(name);
      case 2 -> Mutations.percentEncodeAll(name);
      case 3 -> encode(encode(name));
      default -> encode(name).replace("%2F", "/");
    };
  }
}
