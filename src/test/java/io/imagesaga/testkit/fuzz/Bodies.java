package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * The smaller families of {@link RequestFuzzer}: {@code POST /containers/create} bodies, the
 * system and node routes ({@code /_ping}, {@code /version}, the audit journal, the fleet routes
 * of a lone agent), and paths and methods no route serves.
 */
final class Bodies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] PATHS = {"/_ping", "/version", "/info", "/system/df", "/events",
      "/images/json", "/images/prune", "/images/load", "/images/get", "/images/x/json",
      "/images/x/tag", "/containers/json", "/containers/create", "/containers/x/start",
      "/imagesaga/audit/journal", "/imagesaga/fleet/images", "/imagesaga/fleet/protected",
      "/build", "/volumes", "/networks", "/swarm", "/session", "/exec/x/start", "/auth",
      "/containers/x/attach", "/images/search", "/plugins", "/distribution/x/json"};

  private Bodies() {}

  /** A create body: the CLI's, then (mostly) changed in one place, as a tree or as text. */
  static String createBody(Random random, Names names) {
    ObjectNode body = NODES.objectNode();
    body.put("Image", names.reference(random));
    body.putArray("Cmd").add("sh").add(Mutations.string(random, "-c"));
    ObjectNode labels = body.putObject("Labels");
    for (int i = random.nextInt(3); i > 0; i--) {
      labels.put(Mutations.string(random, "l" + i), Mutations.string(random, "v"));
    }
    body.putObject("HostConfig").put("NetworkMode", "default");
    return switch (random.nextInt(8)) {
      case 0, 1 -> body.toString();
      case 2 -> Mutations.jsonText(random, body);
      case 3 -> pick(random, "", "null", "[]", "{}", "\"x\"", "{\"Image\":null}",
          "{\"Image\":5}", "{\"Image\":{\"a\":1}}", "{\"Image\":[\"sample/app:1\"]}",
          "{\"Image\":\"\"}", "{\"Image\":\"sample/app:1\",\"Cmd\":5,\"Labels\":[]}");
      case 4 -> {
        JsonNode labelsOf = bigLabels(random);
        yield body.set("Labels", labelsOf).toString();
      }
      default -> Mutations.json(random, body).toString();
    };
  }

  private static JsonNode bigLabels(Random random) {
    ObjectNode labels = NODES.objectNode();
    for (int i = 0, n = pick(random, 10, 100, 1000, 5000); i < n; i++) {
      labels.put("k" + i, "v".repeat(random.nextInt(64)));
    }
    return labels;
  }

  /** {@code /_ping}, {@code /version}, the node's own routes. */
  static Draft system(Random random) {
    String after = pick(random, "999999999", "99999999999999999999", "-1", "x", "", "1e3",
        "999999999999999999");
    String id = pick(random, "x", Names.hex(random, 8), "00000000-0000-0000-0000-000000000000");
    return switch (random.nextInt(14)) {
      case 0 -> Draft.of("system", "GET", "/_ping", "");
      case 1 -> Draft.of("system", "HEAD", "/_ping", "");
      case 2 -> Draft.of("system", "GET", "/version", "");
      case 3 -> Draft.of("system", "GET", "/info", "");
      case 4 -> Draft.of("system", "GET", "/system/df", "");
      case 5 -> Draft.of("system", "GET", "/imagesaga/audit/journal",
          "?after=" + QueryFuzzer.encode(after));
      case 6 -> Draft.of("system", "GET", pick(random, "/imagesaga/health",
          "/imagesaga/ready"), "");
      case 7 -> Draft.of("system", "GET", "/imagesaga/fleet/images", "");
      case 8 -> Draft.of("system", "POST", "/imagesaga/fleet/images/prune", "");
      case 9 -> Draft.of("system", "DELETE", "/imagesaga/fleet/images/sample%2Fapp:1", "");
      case 10 -> Draft.of("system", "GET", "/imagesaga/fleet/deletes/" + id, "");
      case 11 -> Draft.of("system", "POST", "/imagesaga/fleet/protected", "")
          .withJson(pick(random, "{\"reference\":\"sample/*\"}", "{}", "x", "[]"));
      case 12 -> Draft.of("system", "DELETE", "/imagesaga/fleet/protected",
          "?reference=" + QueryFuzzer.encode(Mutations.string(random, "sample/*")));
      default -> Draft.of("system", "GET", "/imagesaga/fleet/protected", "");
    };
  }

  /** A method and a path no route may serve, or a known path mutated. Never a pull. */
  static Draft anyPath(Random random, Names names) {
    String method = pick(random, "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
        "HEAD", "get", "FOO", "CONNECT", "PRI");
    String path = switch (random.nextInt(6)) {
      case 0 -> pick(random, PATHS);
      case 1 -> Mutations.string(random, pick(random, PATHS));
      case 2 -> "/" + QueryFuzzer.pathName(random, names.reference(random));
      case 3 -> pick(random, "*", "http://evil.example/_ping", "//_ping", "/../_ping",
          "/./_ping", "/_ping/", "/_ping;x", "/%2e%2e/_ping", "/_ping%00", "/images/%",
          "/images/%zz/json", "/images/%C0%AF/json", "/" + "a/".repeat(2000));
      case 4 -> "/images/" + Mutations.long_(random, "a") + "/json";
      default -> Mutations.string(random, "/containers/" + names.container(random) + "/json");
    };
    String query = random.nextBoolean() ? ""
        : "?" + Mutations.string(random, pick(random, "a=b", "all=1", "x"));
    if ((path + query).contains("fromImage")) {
      query = ""; // a pull goes through RequestFuzzer's loopback check only
    }
    Draft draft = Draft.of("path", method, path, query);
    return method.equals("POST") && random.nextBoolean()
        ? draft.withJson(createBody(random, names)) : draft;
  }
}
