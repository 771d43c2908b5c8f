package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Routes declared as a table, one line per method and path, as moby's routers declare theirs
 * ({@code NewGetRoute("/images/{name:.*}/json", …)}), so that what the API serves reads at a
 * glance. In a path, {@code {name:.*}} captures the rest of the path, slashes included (image
 * names hold {@code /}), and {@code {id}} one segment. The path is URL-decoded before it is
 * matched, as dockerd's router matches the decoded path. The first line whose method and path
 * match serves the request, so a fixed path ({@code /images/json}) is listed before a pattern
 * that would also take it; no match rejects, and the caller answers dockerd's 404.
 */
final class RouteTable {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z]+)(:\\.\\*)?}");

  /** One line: a method, a path with at most one variable, and what serves it. */
  record Line(HttpMethod method, String path, Pattern pattern, Function<String, Route> handler) {}

  /** Which line matched a request, and the value of its path variable (null without one). */
  record Match(Line line, String value) {}

  private final List<Line> lines;

  private RouteTable(List<Line> lines) {
    this.lines = List.copyOf(lines);
  }

  static RouteTable of(Line... lines) {
    return new RouteTable(List.of(lines));
  }

  /** The route serving every line of the table. */
  Route route() {
    return extractMethod(method -> extractUnmatchedPath(path -> match(method, path)
        .map(m -> m.line().handler().apply(m.value()))
        .orElseGet(() -> reject())));
  }

  /** The first line serving {@code method} on the raw (encoded) {@code path}. */
  Optional<Match> match(HttpMethod method, String path) {
    String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    for (Line line : lines) {
      if (!line.method().equals(method)) {
        continue;
      }
      Matcher m = line.pattern().matcher(decoded);
      if (m.matches()) {
        return Optional.of(new Match(line, m.groupCount() == 0 ? null : m.group(1)));
      }
    }
    return Optional.empty();
  }

  static Line get(String path, Supplier<Route> handler) {
    return line(HttpMethods.GET, path, value -> handler.get());
  }

  static Line get(String path, Function<String, Route> handler) {
    return line(HttpMethods.GET, path, handler);
  }

  static Line head(String path, Supplier<Route> handler) {
    return line(HttpMethods.HEAD, path, value -> handler.get());
  }

  static Line post(String path, Supplier<Route> handler) {
    return line(HttpMethods.POST, path, value -> handler.get());
  }

  static Line post(String path, Function<String, Route> handler) {
    return line(HttpMethods.POST, path, handler);
  }

  static Line delete(String path, Function<String, Route> handler) {
    return line(HttpMethods.DELETE, path, handler);
  }

  private static Line line(HttpMethod method, String path, Function<String, Route> handler) {
    return new Line(method, path, compile(path), handler);
  }

  /**
   * {@code /images/{name:.*}/json} as {@code /images/(.*)/json}; the patterns come from this
   * code, never from a client, and hold at most one greedy group.
   */
  static Pattern compile(String path) {
    Matcher m = VARIABLE.matcher(path);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    int variables = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(last, m.start())));
      regex.append(m.group(2) == null ? "([^/]+)" : "(.*)");
      last = m.end();
      variables++;
    }
    if (variables > 1) {
      throw new IllegalArgumentException("one path variable at most: " + path);
    }
    return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
  }
}
