package io.imagesaga.api;

import static io.imagesaga.api.ClientCertificates.withClient;
import static io.imagesaga.api.RequestProvenance.withProvenance;
import static io.imagesaga.api.RouteTable.delete;
import static io.imagesaga.api.RouteTable.get;
import static io.imagesaga.api.RouteTable.head;
import static io.imagesaga.api.RouteTable.post;
import static io.imagesaga.security.Permission.AUDIT;
import static io.imagesaga.security.Permission.CONTAINER;
import static io.imagesaga.security.Permission.DELETE;
import static io.imagesaga.security.Permission.LOAD;
import static io.imagesaga.security.Permission.PRUNE;
import static io.imagesaga.security.Permission.READ;
import static io.imagesaga.security.Permission.TAG;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import io.imagesaga.Provenance;
import io.imagesaga.app.Node;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.DockerEventStream;
import io.imagesaga.security.Access;
import io.imagesaga.security.Refusals;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The Docker Engine API routes, with and without the {@code /v<major>.<minor>} prefix, as one
 * table: one line per method and path, fixed paths before the patterns that would also take
 * them (moby's routers, in its order). Anything unmatched is dockerd's 404 {@code page not
 * found}. Each request's {@link Provenance} is taken here, once, and handed to every handler;
 * those that change something journal it. Every request first passes the {@link HttpGuards};
 * each line names the permission it needs, and a client that lacks it gets a 403 and the
 * refusal is journaled ({@link AccessGate}).
 */
public final class Routes {
  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d+)");

  private final RouteTable<Provenance> table;
  private final Access access;
  private final Refusals refusals;
  private final HttpGuards guards;
  private final RequestCounting counting;

  /** An agent that runs alone, verifying no client. */
  public Routes(Node node) {
    this(node, Optional.empty(), Access.open());
  }

  /** An agent that verifies no client. */
  public Routes(Node node, Optional<Fleet> fleetMembership) {
    this(node, fleetMembership, Access.open());
  }

  /**
   * @param access who may do what: every request runs behind {@link AccessGate} with the
   *     permission its line names
   */
  public Routes(Node node, Optional<Fleet> fleetMembership, Access access) {
    Limits limits = Limits.of(node.system().settings().config());
    this.guards = new HttpGuards(node.system().settings().config(), limits);
    var system = new SystemRoutes(node);
    var fleet = new FleetRoutes(fleetMembership);
    var images = new ImageRoutes(node.images(), node.saver(), limits);
    var imports = new ImportRoutes(node.loader(), node.puller(), limits);
    var prune = new PruneRoutes(node.images());
    var containers = new ContainerRoutes(node.containers(), limits);
    var events = new EventRoutes(new DockerEventStream(node.system(),
        node.settings().readJournalPluginId(), node.settings().askTimeout()), limits);
    var audit = new AuditRoutes(new AuditJournal(node.system(),
        node.settings().readJournalPluginId()), node.settings().askTimeout());
    var metrics = new MetricsRoutes(node.metrics());
    var ui = new UiRoutes();
    this.table = RouteTable.of(
        get("/_ping", READ, p -> system.ping()),
        head("/_ping", READ, p -> system.pingHead()),
        get("/version", READ, p -> system.version()),
        get("/info", READ, p -> system.info()),
        get("/system/df", READ, p -> system.df()),
        get("/metrics", READ, p -> metrics.scrape()),
        get("/events", READ, p -> events.events()),
        get("/images/json", READ, p -> images.list()),
        post("/images/prune", PRUNE, prune::prune),
        post("/images/load", LOAD, imports::load),
        post("/images/create", LOAD, imports::create),
        get("/images/get", READ, p -> images.saveNamed()),
        get("/images/{name:.*}/json", READ, (p, name) -> images.inspect(name)),
        get("/images/{name:.*}/history", READ, (p, name) -> images.history(name)),
        get("/images/{name:.*}/get", READ, (p, name) -> images.saveOne(name)),
        post("/images/{name:.*}/tag", TAG, (p, name) -> images.tag(name, p)),
        delete("/images/{name:.*}", DELETE, (p, name) -> images.remove(name, p)),
        post("/containers/create", CONTAINER, containers::create),
        get("/containers/json", READ, p -> containers.list()),
        get("/containers/{id}/json", READ, (p, id) -> containers.inspect(id)),
        post("/containers/{id}/start", CONTAINER, (p, id) -> containers.start(id, p)),
        post("/containers/{id}/stop", CONTAINER, (p, id) -> containers.stop(id, p)),
        delete("/containers/{id}", CONTAINER, (p, id) -> containers.remove(id, p)),
        get("/imagesaga/audit/journal", AUDIT, p -> audit.journal()),
        get("/imagesaga/audit/history", AUDIT, p -> audit.history()),
        get("/imagesaga/audit/at", AUDIT, p -> audit.at()),
        get("/imagesaga/health", READ, p -> fleet.health()),
        get("/imagesaga/ready", READ, p -> fleet.ready()),
        get("/imagesaga/fleet/images", READ, p -> fleet.images()),
        post("/imagesaga/fleet/images/prune", PRUNE, fleet::prune),
        delete("/imagesaga/fleet/images/{name:.*}", DELETE, (p, name) -> fleet.remove(name, p)),
        get("/imagesaga/fleet/deletes/{id}", READ, (p, id) -> fleet.deletion(id)),
        get("/imagesaga/fleet/protected", READ, p -> fleet.protectedList()),
        post("/imagesaga/fleet/protected", DELETE, fleet::protect),
        delete("/imagesaga/fleet/protected", DELETE, (p, none) -> fleet.unprotect(p)),
        get("/ui", READ, p -> ui.redirect()),
        get("/ui/{file:.*}", READ, (p, file) -> ui.file(file)));
    this.access = access;
    this.refusals = node.refusals();
    this.counting = new RequestCounting(node.metrics().http(), table);
  }

  /** The table's lines, in order: what the API serves and the permission each needs. */
  List<RouteTable.Line<Provenance>> lines() {
    return table.lines();
  }

  /** Every answer is counted under its line ({@link RequestCounting}), whatever answered it. */
  public Route route() {
    return counting.around(this::guarded);
  }

  private Route guarded() {
    return guards.around(() -> withClient(client -> withProvenance(client, provenance -> {
      AccessGate gate = new AccessGate(access, refusals, client, provenance);
      return respondWithHeaders(serverHeaders(), () -> concat(
          pathPrefix(PathMatchers.segment(VERSION), version -> versioned(version, provenance,
              gate)),
          table.route(provenance, gate),
          notFound()));
    })));
  }

  private Route versioned(String version, Provenance provenance, AccessGate gate) {
    String problem = ApiVersion.parse(version).flatMap(ApiVersion::unsupported)
        .orElse(null);
    if (problem != null) {
      return complete(Errors.response(StatusCodes.BAD_REQUEST, problem));
    }
    return concat(table.route(provenance, gate), notFound());
  }

  private static Route notFound() {
    return extractUnmatchedPath(unmatched -> complete(
        Errors.response(StatusCodes.NOT_FOUND, "page not found")));
  }

  private static List<HttpHeader> serverHeaders() {
    return List.of(
        RawHeader.create("Api-Version", ApiVersion.DEFAULT.toString()),
        RawHeader.create("Docker-Experimental", "false"),
        RawHeader.create("Ostype", "linux"));
  }
}
