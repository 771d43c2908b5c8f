package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import io.imagesaga.security.Permission;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
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
 * that would also take it; no match rejects, and the caller answers dockerd's 404. Every line
 * names the {@link Permission} a client needs for it, and its handler runs behind the caller's
 * {@link Gate}, which checks it.
 *
 * @param <C> what every handler is given besides its path variable: the request's context
 */
final class RouteTable<C> {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z]+)(:\\.\\*)?}");

  /**
   * One line: a method, a path with at most one variable, the permission a client needs for it
   * (docs/security.md, "Permissions"), and what serves it.
   */
  record Line<C>(HttpMethod method, String path, Permission permission, Pattern pattern,
      BiFunction<C, String, Route> handler) {
    Line {
      Objects.requireNonNull(permission, () -> method.name() + " " + path + " names no"
          + " permission");
    }
  }

  /** What stands between a matched line and its handler: the check of its permission. */
  @FunctionalInterface
  interface Gate {
    /**
     * @param target the line's path variable (an image name, a container ID), empty without
     */
    Route pass(Permission needed, String target, Supplier<Route> handler);
  }

  /** Which line matched a request, and the value of its path variable (null without one). */
  record Match<C>(Line<C> line, String value) {}

  private final List<Line<C>> lines;

  private RouteTable(List<Line<C>> lines) {
    this.lines = List.copyOf(lines);
  }

  @SafeVarargs
  static <C> RouteTable<C> of(Line<C>... lines) {
    return new RouteTable<>(List.of(lines));
  }

  /**
   * The route serving every line of the table, its handlers given {@code context}, each behind
   * {@code gate} with the line's permission.
   */
  Route route(C context, Gate gate) {
    return extractMethod(method -> extractUnmatchedPath(path -> match(method, path.toString())
        .map(m -> gate.pass(m.line().permission(), m.value() == null ? "" : m.value(),
            () -> m.line().handler().apply(context, m.value())))
        .orElseGet(() -> reject())));
  }

  List<Line<C>> lines() {
    return lines;
  }

  /** The first line serving {@code method} on the raw (encoded) {@code path}. */
  Optional<Match<C>> match(HttpMethod method, String path) {
    String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    for (Line<C> line : lines) {
      if (!line.method().equals(method)) {
        continue;
      }
      Matcher m = line.pattern().matcher(decoded);
      if (m.matches()) {
        return Optional.of(new Match<>(line, m.groupCount() == 0 ? null : m.group(1)));
      }
    }
    return Optional.empty();
  }

  static <C> Line<C> get(String path, Permission needs, Function<C, Route> handler) {
    return line(HttpMethods.GET, path, needs, (context, value) -> handler.apply(context));
  }

  static <C> Line<C> get(String path, Permission needs, BiFunction<C, String, Route> handler) {
    return line(HttpMethods.GET, path, needs, handler);
  }

  static <C> Line<C> head(String path, Permission needs, Function<C, Route> handler) {
    return line(HttpMethods.HEAD, path, needs, (context, value) -> handler.apply(context));
  }

  static <C> Line<C> post(String path, Permission needs, Function<C, Route> handler) {
    return line(HttpMethods.POST, path, needs, (context, value) -> handler.apply(context));
  }

  static <C> Line<C> post(String path, Permission needs, BiFunction<C, String, Route> handler) {
    return line(HttpMethods.POST, path, needs, handler);
  }

  static <C> Line<C> delete(String path, Permission needs,
      BiFunction<C, String, Route> handler) {
    return line(HttpMethods.DELETE, path, needs, handler);
  }

  private static <C> Line<C> line(HttpMethod method, String path, Permission needs,
      BiFunction<C, String, Route> handler) {
    return new Line<>(method, path, needs, compile(path), handler);
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
