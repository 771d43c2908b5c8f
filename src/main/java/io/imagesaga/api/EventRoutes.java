package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.withoutRequestTimeout;

import io.imagesaga.RejectedException;
import io.imagesaga.api.Timestamps.UnixTime;
import io.imagesaga.audit.DockerEvent;
import io.imagesaga.audit.DockerEventStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /events}: one JSON object per line, each flushed as its own chunk. */
final class EventRoutes {
  private static final Set<String> FILTERS = Set.of("config", "container", "daemon", "event",
      "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type",
      "volume");
  private static final UnixTime GO_ZERO_TIME = UnixTime.of(-62_135_596_800L, 0);
  private final DockerEventStream stream;
  private final Duration idleTimeout;
  private final Duration keepAlive;

  EventRoutes(DockerEventStream stream, Limits limits) {
    this.stream = stream;
    this.idleTimeout = limits.idleTimeout();
    this.keepAlive = limits.streamKeepAlive();
  }

  /**
   * {@code GET /events}: follows for as long as the client stays (no request timeout, a
   * keep-alive newline when quiet).
   */
  Route events() {
    return withoutRequestTimeout(() -> parameterOptional("since", since ->
        parameterOptional("until", until -> parameterOptional("filters", json -> {
          try {
            Optional<UnixTime> from = since.map(Timestamps::eventTime);
            Optional<UnixTime> to = until.map(Timestamps::eventTime);
            // moby system_routes.go getEvents: an invalidRequestError, 400. Without since,
            // dockerd compares with Go's zero time, the first instant of year 1.
            if (to.isPresent() && to.get().compareTo(from.orElse(GO_ZERO_TIME)) < 0) {
              return complete(Errors.response(StatusCodes.BAD_REQUEST, "`since` time ("
                  + since.orElse("") + ") cannot be after `until` time (" + until.get() + ")"));
            }
            // moby's getEvents never checks the keys; unknown ones are ignored.
            Predicate<DockerEvent> filter = filter(Filters.parse(json, Filters.ANY_KEY));
            // The headers go out once the stream has its position: a client that has them
            // gets every event written after.
            // A position that cannot be had goes through the error map (a named 503 when the
            // journal did not answer in time), as every other failure does.
            Optional<Instant> end = to.map(UnixTime::instant);
            return ImageRoutes.answer(stream.events(from.map(UnixTime::instant), end, filter),
                events -> Json.stream(events.map(DockerEvent::toJson), keepAlive,
                    () -> keepAliveWanted(Instant.now(), end, idleTimeout, keepAlive)));
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
        }))));
  }

  /**
   * Whether a keep-alive written {@code now} is wanted: not when the stream ends at
   * {@code until} before the idle timeout would count the quiet out (the last byte was written
   * at most one keep-alive interval ago, and skipped keep-alives may add one more). A stream
   * that ends with a keep-alive ends with whitespace, which the Python SDK cannot decode.
   */
  static boolean keepAliveWanted(Instant now, Optional<Instant> until, Duration idleTimeout,
      Duration keepAlive) {
    return until.isEmpty()
        || until.get().isAfter(now.plus(idleTimeout).minus(keepAlive.multipliedBy(2)));
  }

  /** dockerd's event filters: every given key must match one of its values. */
  static Predicate<DockerEvent> filter(Filters filters) {
    return event -> filters.values().entrySet().stream()
        .filter(entry -> FILTERS.contains(entry.getKey()))
        .allMatch(entry -> entry.getValue().stream()
            .anyMatch(value -> matches(event, entry.getKey(), value)));
  }

  private static boolean matches(DockerEvent e, String key, String value) {
    Map<String, String> attributes = e.attributes();
    return switch (key) {
      case "type" -> e.type().equals(value);
      case "event" -> e.action().equals(value);
      case "image" -> e.type().equals("image") ? e.actorId().equals(value)
          || e.actorId().startsWith("sha256:" + value) || value.equals(attributes.get("name"))
          : value.equals(attributes.get("image"));
      case "container" -> e.type().equals("container")
          && (e.actorId().startsWith(value) || value.equals(attributes.get("name")));
      case "label" -> {
        int eq = value.indexOf('=');
        yield eq < 0 ? attributes.containsKey(value)
            : value.substring(eq + 1).equals(attributes.get(value.substring(0, eq)));
      }
      case "scope" -> value.equals("local");
      default -> false;
    };
  }
}
