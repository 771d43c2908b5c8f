package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;
import static io.imagesaga.testkit.fuzz.QueryFuzzer.pathName;
import static io.imagesaga.testkit.fuzz.QueryFuzzer.query;
import static io.imagesaga.testkit.fuzz.QueryFuzzer.some;

import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.fuzz.FuzzRequest.Header;
import io.imagesaga.testkit.fuzz.QueryFuzzer.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Requests to every route of the Engine API and the node's own: a family generator decides the
 * route, its path name, query and body; then the request is written as the CLI would, or with
 * odd headers ({@link HeaderFuzzer#headers}), odd framing ({@link HeaderFuzzer#framing}) or
 * under an odd version prefix. Families listed in {@code excluded} are never generated.
 */
public final class RequestFuzzer {
  /** Every family, as {@code -Dimagesaga.fuzz.exclude} names them. */
  public static final List<String> FAMILIES = List.of("inspect", "history", "save", "rmi",
      "tag", "images", "prune", "events", "ps", "create", "container", "pull", "load", "system",
      "path", "headers", "framing", "version");
  private static final List<String> PREFIXES = List.of("", "/v1.24", "/v1.50", "/v1.23",
      "/v1.51", "/v0.1", "/v2.0", "/v1.47/v1.47", "/V1.47", "/v1", "/v1.", "/v1.47.1",
      "/v99999999999.1", "/v-1.0", "/vx.y", "/v1.47%2F", "//v1.47", "/v01.047");

  private final Names names;
  private final QueryFuzzer queries;
  private final ArchiveFuzzer archives;
  private final String registry;
  private final Set<String> excluded;

  /**
   * @param registry {@code host:port} of the loopback registry every pull must go to: a pull
   *     naming another registry would leave the machine, and is pointed at it instead
   */
  public RequestFuzzer(Names names, String registry, Set<String> excluded) {
    this.names = names;
    this.queries = new QueryFuzzer(names);
    this.archives = new ArchiveFuzzer(names);
    this.registry = registry;
    this.excluded = Set.copyOf(excluded);
  }

  public FuzzRequest next(Random random) {
    String family;
    do {
      family = pick(random, FAMILIES);
    } while (excluded.contains(family)
        || (family.equals("headers") || family.equals("framing") || family.equals("version"))
        && excluded.containsAll(FAMILIES.subList(0, 15)));
    return switch (family) {
      case "headers" -> HeaderFuzzer.headers(random, draft(random, routeFamily(random)),
          "/v1.47");
      case "framing" -> HeaderFuzzer.framing(random, draft(random, routeFamily(random)),
          "/v1.47");
      case "version" -> {
        Draft draft = draft(random, routeFamily(random));
        yield new FuzzRequest("version+" + draft.family(), draft.method(),
            draft.target(random.nextInt(3) == 0 ? Mutations.string(random, "/v1.47")
                : pick(random, PREFIXES)), draft.cliHeaders(), draft.body(), false,
            draft.recipe());
      }
      default -> honest(random, withStrayBody(random, draft(random, family)));
    };
  }

  /**
   * A {@code POST} that takes no body (tag, prune, start, stop) given one now and then, JSON or
   * not: it must be ignored or refused, never trusted.
   */
  private Draft withStrayBody(Random random, Draft draft) {
    if (!draft.method().equals("POST") || draft.body().length > 0 || random.nextInt(5) != 0) {
      return draft;
    }
    return random.nextBoolean() ? draft.withJson(Bodies.createBody(random, names))
        : draft.withBody(Mutations.long_(random, "x").getBytes(
            java.nio.charset.StandardCharsets.UTF_8), "text/plain", "stray body");
  }

  private String routeFamily(Random random) {
    String family;
    do {
      family = pick(random, FAMILIES.subList(0, 15));
    } while (excluded.contains(family));
    return family;
  }

  /** The CLI's way, a load's body chunked half of the time (as the CLI streams it). */
  private static FuzzRequest honest(Random random, Draft draft) {
    String prefix = random.nextInt(8) == 0 ? "" : "/v1.47";
    if (draft.family().equals("load") && random.nextBoolean()) {
      List<Header> headers = new ArrayList<>(draft.cliHeaders());
      headers.removeIf(h -> h.name().equals("Content-Length"));
      headers.add(new Header("Transfer-Encoding", "chunked"));
      return new FuzzRequest(draft.family(), draft.method(), draft.target(prefix), headers,
          HeaderFuzzer.chunked(random, draft.body(), true), false, draft.recipe());
    }
    return draft.honest(prefix);
  }

  private Draft draft(Random random, String family) {
    String name = pathName(random, names.reference(random));
    return switch (family) {
      case "inspect" -> Draft.of(family, "GET", "/images/" + name + "/json", "");
      case "history" -> Draft.of(family, "GET", "/images/" + name + "/history", "");
      case "save" -> random.nextBoolean()
          ? Draft.of(family, "GET", "/images/" + name + "/get", "")
          : Draft.of(family, "GET", "/images/get", query(random, List.of(
              new Param("names", names.reference(random)),
              new Param("names", names.reference(random)))));
      case "rmi" -> Draft.of(family, "DELETE", "/images/" + name, query(random, some(random,
          new Param("force", Names.bool(random)), new Param("noprune", Names.bool(random)),
          new Param("expected", names.id(random)), new Param("dryrun", Names.bool(random)))));
      case "tag" -> Draft.of(family, "POST", "/images/" + name + "/tag", query(random,
          some(random, new Param("repo", names.repository(random)),
              new Param("tag", names.tag(random)))));
      case "images" -> Draft.of(family, "GET", "/images/json", query(random, some(random,
          new Param("all", Names.bool(random)),
          new Param("filters", queries.filters(random, QueryFuzzer.Route.IMAGES)))));
      case "prune" -> Draft.of(family, "POST", "/images/prune", query(random, some(random,
          new Param("filters", queries.filters(random, QueryFuzzer.Route.PRUNE)),
          new Param("dryrun", Names.bool(random)),
          new Param("plan", random.nextBoolean() ? Names.hex(random, 64)
              : Mutations.string(random, "plan")))));
      case "events" -> events(random);
      case "ps" -> Draft.of(family, "GET", "/containers/json", query(random, some(random,
          new Param("all", Names.bool(random)),
          new Param("filters", queries.filters(random, QueryFuzzer.Route.CONTAINERS)),
          new Param("limit", pick(random, "1", "0", "-1", "x", "99999999999", "")))));
      case "create" -> Draft.of(family, "POST", "/containers/create", query(random,
          some(random, new Param("name", names.container(random)))))
          .withJson(Bodies.createBody(random, names));
      case "container" -> container(random);
      case "pull" -> pull(random);
      case "load" -> {
        ArchiveFuzzer.Archive archive = archives.archive(random);
        yield Draft.of(family, "POST", "/images/load", query(random, some(random,
            new Param("quiet", Names.bool(random)))))
            .withBody(archive.bytes(), pick(random, "application/x-tar", "application/x-tar",
                "application/octet-stream"), archive.recipe());
      }
      case "system" -> Bodies.system(random);
      default -> Bodies.anyPath(random, names);
    };
  }

  /** {@code GET /events}: with {@code until} (most often in the past) the stream ends. */
  private Draft events(Random random) {
    List<Param> params = new ArrayList<>();
    if (random.nextInt(4) != 0) {
      params.add(new Param("since", names.time(random)));
    }
    params.add(new Param("until", random.nextInt(3) == 0 ? names.time(random)
        : pick(random, "1", "1700000000", "2020-01-01T00:00:00Z", "-1h")));
    if (random.nextBoolean()) {
      params.add(new Param("filters", queries.filters(random, QueryFuzzer.Route.EVENTS)));
    }
    return Draft.of("events", "GET", "/events", query(random, params));
  }

  private Draft container(Random random) {
    String id = pathName(random, names.container(random));
    return switch (random.nextInt(4)) {
      case 0 -> Draft.of("container", "POST", "/containers/" + id + "/start", "");
      case 1 -> Draft.of("container", "POST", "/containers/" + id + "/stop",
          query(random, some(random, new Param("t", pick(random, "0", "-1", "x", "1")))));
      case 2 -> Draft.of("container", "DELETE", "/containers/" + id,
          query(random, some(random, new Param("force", Names.bool(random)),
              new Param("v", Names.bool(random)))));
      default -> Draft.of("container", "GET", "/containers/" + id + "/json", "");
    };
  }

  /** {@code docker pull}, always from the loopback registry (see the constructor). */
  private Draft pull(Random random) {
    String image = switch (random.nextInt(4)) {
      case 0 -> registry + "/" + pick(random, "team/app", "team/multi", "team/broken",
          "team/none", "Team/App", "team/app:1", "team/app@sha256:" + Names.hex(random, 64));
      case 1 -> Mutations.string(random, registry + "/team/app");
      case 2 -> names.reference(random);
      default -> registry + "/team/" + pick(random, "app", "multi", "broken");
    };
    String tag = pick(random, "1", "", "latest", "2", names.tag(random));
    // Encoded exactly once, whatever the other families do: the name checked here must be the
    // one the node decodes.
    String query = "?fromImage=" + QueryFuzzer.encode(onLoopback(image)) + "&tag="
        + QueryFuzzer.encode(tag);
    if (random.nextInt(6) == 0) {
      query += "&platform=" + QueryFuzzer.encode(pick(random, "linux/amd64", "windows", ""));
    }
    return Draft.of("pull", "POST", "/images/create", query);
  }

  /**
   * {@code image} if it names the loopback registry or names nothing at all (it is refused
   * before any registry is asked); any other registry becomes the loopback one.
   */
  private String onLoopback(String image) {
    try {
      String domain = References.parseNormalizedNamed(image).repository().domain();
      return domain.equals(registry) ? image : registry + "/team/app";
    } catch (InvalidReferenceException | RuntimeException refused) {
      return image;
    }
  }
}
