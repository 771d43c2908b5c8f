package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import io.imagesaga.app.Node;
import java.time.Instant;
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

  /** {@code docker info}: the counts the CLI shows, and what this daemon is. */
  Route info() {
    return ImageRoutes.answer(node.images().list().thenCombine(node.containers().list(),
        (images, containers) -> {
          Map<String, Object> body = new LinkedHashMap<>();
          long running = containers.stream().filter(c -> c.isRunning()).count();
          body.put("ID", "imagesaga");
          body.put("Containers", containers.size());
          body.put("ContainersRunning", running);
          body.put("ContainersPaused", 0);
          body.put("ContainersStopped", containers.size() - running);
          body.put("Images", images.size());
          body.put("Driver", "imagesaga");
          body.put("DockerRootDir", node.settings().dataDir().toAbsolutePath().normalize()
              .toString());
          body.put("ServerVersion", VERSION);
          body.put("OperatingSystem", "imagesaga");
          body.put("OSType", "linux");
          body.put("Architecture", System.getProperty("os.arch"));
          body.put("NCPU", Runtime.getRuntime().availableProcessors());
          body.put("MemTotal", Runtime.getRuntime().maxMemory());
          body.put("KernelVersion", System.getProperty("os.version"));
          body.put("Name", "imagesaga");
          body.put("Swarm", Map.of("LocalNodeState", "inactive", "ControlAvailable", false));
          body.put("Warnings", List.of());
          return body;
        }), Json::ok);
  }

  /** {@code docker system df}: images with their sizes and container counts. */
  Route df() {
    return ImageRoutes.answer(node.images().list().thenCombine(node.containers().list(),
        (images, containers) -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("LayersSize", images.stream().mapToLong(i -> i.size()).sum());
          body.put("Images", images.stream().map(i -> {
            ImageSummaries s = ImageSummaries.of(i);
            long users = containers.stream()
                .filter(c -> c.spec().imageId().equals(i.id())).count();
            return new ImageSummaries((int) users, s.created(), s.id(), s.labels(), s.parentId(),
                s.repoDigests(), s.repoTags(), 0, s.size());
          }).toList());
          body.put("Containers", containers.stream()
              .map(c -> ContainerViews.summary(c, Instant.now())).toList());
          body.put("Volumes", List.of());
          body.put("BuildCache", List.of());
          return body;
        }), Json::ok);
  }

  private static List<HttpHeader> noCache() {
    return List.of(
        RawHeader.create("Cache-Control", "no-cache, no-store, must-revalidate"),
        RawHeader.create("Pragma", "no-cache"));
  }
}
