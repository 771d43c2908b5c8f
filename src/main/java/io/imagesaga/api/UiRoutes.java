package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web view (docs/ui.md): the static files under {@code ui/} on the classpath, served at
 * {@code /ui/}. The page only reads and asks for dry runs, through the same API, guards and
 * permissions as any client. A file name is one path segment of letters, digits, {@code -} and
 * {@code _} with a known extension, so no request can name anything outside {@code ui/};
 * anything else is dockerd's 404.
 */
final class UiRoutes {
  static final String PREFIX = "/ui/";
  private static final String DIRECTORY = "ui/";
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]+\\.([a-z]+)");
  private static final Map<String, ContentType> TYPES = Map.of(
      "html", MediaTypes.TEXT_HTML.toContentType(HttpCharsets.UTF_8),
      "js", ContentTypes.parse("text/javascript; charset=UTF-8"),
      "css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8));

  /**
   * The page loads nothing from elsewhere and may not be framed (its buttons must not be
   * clicked through another site's page); browsers must not guess other types.
   */
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none';"
          + " base-uri 'none'; form-action 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Cache-Control", "no-cache"));

  private final ClassLoader loader;
  /**
   * The files served so far. Only files: a name that names nothing is not kept, or every
   * distinct name a client tries would be held for the node's life.
   */
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  UiRoutes() {
    this(UiRoutes.class.getClassLoader());
  }

  UiRoutes(ClassLoader loader) {
    this.loader = loader;
  }

  /** {@code GET /ui}: the page is {@code /ui/}, so that its relative module paths resolve. */
  Route redirect() {
    return complete(HttpResponse.create().withStatus(StatusCodes.MOVED_PERMANENTLY)
        .addHeader(Location.create(PREFIX)));
  }

  /** {@code GET /ui/{file}}: {@code index.html} for the empty name. */
  Route file(String name) {
    return complete(response(name.isEmpty() ? "index.html" : name));
  }

  HttpResponse response(String name) {
    var m = FILE.matcher(name);
    ContentType type = m.matches() ? TYPES.get(m.group(1)) : null;
    Optional<byte[]> bytes = type == null ? Optional.empty() : served(name);
    if (bytes.isEmpty()) {
      return Errors.response(StatusCodes.NOT_FOUND, "page not found");
    }
    return HttpResponse.create().withStatus(StatusCodes.OK).addHeaders(HEADERS)
        .withEntity(HttpEntities.create(type, bytes.get()));
  }

  private Optional<byte[]> served(String name) {
    byte[] known = files.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<byte[]> read = read(name);
    read.ifPresent(bytes -> files.put(name, bytes));
    return read;
  }

  private Optional<byte[]> read(String name) {
    try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
