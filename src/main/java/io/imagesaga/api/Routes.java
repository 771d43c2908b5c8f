package io.imagesaga.api;

import static io.imagesaga.api.RequestProvenance.withProvenance;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.head;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import io.imagesaga.Provenance;
import io.imagesaga.app.Node;
import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.DockerEventStream;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The Docker Engine API routes, with and without the {@code /v<major>.<minor>} prefix. Anything
 * unmatched is dockerd's 404 {@code page not found}. Each request's {@link Provenance} is taken
 * here, once, and handed to the routes that change something.
 */
public final class Routes {
  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d+)");

  private final SystemRoutes system;
  private final ImageRoutes images;
  private final ContainerRoutes containers;
  private final EventRoutes events;
  private final AuditRoutes audit;

  public Routes(Node node) {
    this.system = new SystemRoutes(node);
    this.images = new ImageRoutes(node.images(), node.loader(), node.saver(), node.puller());
    this.containers = new ContainerRoutes(node.containers());
    this.events = new EventRoutes(new DockerEventStream(node.system(),
        node.settings().readJournalPluginId()));
    this.audit = new AuditRoutes(new AuditJournal(node.system(),
        node.settings().readJournalPluginId()));
  }

  public Route route() {
    return withProvenance(provenance -> respondWithHeaders(serverHeaders(), () -> concat(
        pathPrefix(PathMatchers.segment(VERSION), version -> versioned(version, provenance)),
        api(provenance),
        notFound())));
  }

  private Route versioned(String version, Provenance provenance) {
    String problem = ApiVersion.parse(version).flatMap(ApiVersion::unsupported)
        .orElse(null);
    if (problem != null) {
      return complete(Errors.response(StatusCodes.BAD_REQUEST, problem));
    }
    return concat(api(provenance), notFound());
  }

  private Route api(Provenance provenance) {
    return concat(
        path("_ping", () -> concat(get(system::ping), head(system::pingHead))),
        path("version", () -> get(system::version)),
        path("info", () -> get(system::info)),
        pathPrefix("system", () -> path("df", () -> get(system::df))),
        images.route(provenance),
        containers.route(provenance),
        events.route(),
        audit.route());
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
