package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import io.imagesaga.app.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /_ping} and {@code /version}. */
final class SystemRoutes {
  private static final String VERSION = "0.1.0";

  private final Node node;

  SystemRoutes(Node node) {
    this.node = node;
  }

  Route ping() {
    return respondWithHeaders(noCache(), () -> complete(HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "OK")));
  }

  /** HEAD answers like GET without a body; Pekko strips it, but keep the length honest. */
  Route pingHead() {
    return respondWithHeaders(noCache(), () -> complete(HttpResponse.create()
        .withStatus(StatusCodes.OK).withEntity(HttpEntities.EMPTY)));
  }

  Route version() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Platform", Map.of("Name", "imagesaga"));
    body.put("Components", List.of(Map.of("Name", "imagesaga", "Version", VERSION,
        "Details", Map.of("Journal", node.settings().readJournalPluginId()))));
    body.put("Version", VERSION);
    body.put("ApiVersion", ApiVersion.DEFAULT.toString());
    body.put("MinAPIVersion", ApiVersion.MIN.toString());
    body.put("GitCommit", "");
    body.put("GoVersion", "java" + System.getProperty("java.version"));
    body.put("Os", "linux");
    body.put("Arch", "amd64");
    body.put("KernelVersion", System.getProperty("os.version"));
    return complete(Json.ok(body));
  }

  private static List<HttpHeader> noCache() {
    return List.of(
        RawHeader.create("Cache-Control", "no-cache, no-store, must-revalidate"),
        RawHeader.create("Pragma", "no-cache"));
  }
}
