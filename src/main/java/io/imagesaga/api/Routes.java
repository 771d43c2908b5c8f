package io.imagesaga.api;

import static io.imagesaga.api.RequestProvenance.withProvenance;
import static io.imagesaga.api.RouteTable.delete;
import static io.imagesaga.api.RouteTable.get;
import static io.imagesaga.api.RouteTable.head;
import static io.imagesaga.api.RouteTable.post;
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
 * those that change something journal it. Every request first passes the {@link HttpGuards}.
 */
public final class Routes {
  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d+)");

  private final RouteTable<Provenance> table;
  private final HttpGuards guards;

  /** An agent that runs alone. */
  public Routes(Node node) {
    this(node, Optional.empty());
  }

  public Routes(Node node, Optional<Fleet> fleetMembership) {
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
        node.settings().readJournalPluginId()));
    this.table = RouteTable.of(
        get("/_ping", p -> system.ping()),
        head("/_ping", p -> system.pingHead()),
        get("/version", p -> system.version()),
        get("/info", p -> system.info()),
        get("/system/df", p -> system.df()),
        get("/events", p -> events.events()),
        get("/images/json", p -> images.list()),
        post("/images/prune", prune::prune),
        post("/images/load", imports::load),
        post("/images/create", imports::pull),
        get("/images/get", p -> images.saveNamed()),
        get("/images/{name:.*}/json", (p, name) -> images.inspect(name)),
        get("/images/{name:.*}/history", (p, name) -> images.history(name)),
        get("/images/{name:.*}/get", (p, name) -> images.saveOne(name)),
        post("/images/{name:.*}/tag", (p, name) -> images.tag(name, p)),
        delete("/images/{name:.*}", (p, name) -> images.remove(name, p)),
        post("/containers/create", containers::create),
        get("/containers/json", p -> containers.list()),
        get("/containers/{id}/json", (p, id) -> containers.inspect(id)),
        post("/containers/{id}/start", (p, id) -> containers.start(id, p)),
        post("/containers/{id}/stop", (p, id) -> containers.stop(id, p)),
        delete("/containers/{id}", (p, id) -> containers.remove(id, p)),
        get("/imagesaga/audit/journal", p -> audit.journal()),
        get("/imagesaga/health", p -> fleet.health()),
        get("/imagesaga/ready", p -> fleet.ready()),
        get("/imagesaga/fleet/images", p -> fleet.images()),
        post("/imagesaga/fleet/images/prune", fleet::prune),
        delete("/imagesaga/fleet/images/{name:.*}", (p, name) -> fleet.remove(name, p)),
        get("/imagesaga/fleet/deletes/{id}", (p, id) -> fleet.deletion(id)),
        get("/imagesaga/fleet/protected", p -> fleet.protectedList()),
        post("/imagesaga/fleet/protected", fleet::protect),
        delete("/imagesaga/fleet/protected", (p, none) -> fleet.unprotect(p)));
  }

  public Route route() {
    return guards.around(() -> withProvenance(provenance -> respondWithHeaders(serverHeaders(),
        () -> concat(
            pathPrefix(PathMatchers.segment(VERSION), version -> versioned(version, provenance)),
            table.route(provenance),
            notFound()))));
  }

  private Route versioned(String version, Provenance provenance) {
    String problem = ApiVersion.parse(version).flatMap(ApiVersion::unsupported)
        .orElse(null);
    if (problem != null) {
      return complete(Errors.response(StatusCodes.BAD_REQUEST, problem));
    }
    return concat(table.route(provenance), notFound());
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
