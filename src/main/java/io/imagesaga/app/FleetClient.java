package io.imagesaga.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.AgentUri;
import io.imagesaga.fleet.FleetImages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One agent's fleet endpoints (docs/fleet.md) over {@code java.net.http}, as the {@code fleet}
 * commands call them. Requests carry no timeout of their own: the agent bounds a fleet delete
 * by its saga timeout (then answers 202) and a listing by its host timeout.
 */
final class FleetClient {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** An answer other than 2xx: the agent's message, which the docker CLI would print. */
  static final class DaemonError extends RuntimeException {
    DaemonError(String message) {
      super(message);
    }
  }

  /** Which hosts a fleet delete asks, and whether it only says what it would do. */
  record Selection(boolean dryRun, List<String> hosts, List<String> excludeHosts) {
    Selection {
      hosts = hosts == null ? List.of() : List.copyOf(hosts);
      excludeHosts = excludeHosts == null ? List.of() : List.copyOf(excludeHosts);
    }
  }

  private final String host;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** @param host {@code tcp://host:port} or an http URL ({@link AgentUri}) */
  FleetClient(String host) {
    this.host = host;
    this.base = AgentUri.of(host);
  }

  /** {@code GET /imagesaga/fleet/images}; {@code filters} as the Engine API's JSON. */
  FleetImages.View images(boolean all, Optional<String> filters) {
    List<String> query = new ArrayList<>();
    if (all) {
      query.add("all=1");
    }
    filters.ifPresent(f -> query.add(param("filters", f)));
    return parse(send("GET", "/imagesaga/fleet/images", query), FleetImages.View.class);
  }

  /** {@code DELETE /imagesaga/fleet/images/{name}}: the answer, finished or not (202). */
  FleetDeleteAnswer delete(String name, boolean force, boolean noPrune, Selection selection) {
    List<String> query = new ArrayList<>();
    if (force) {
      query.add("force=1");
    }
    if (noPrune) {
      query.add("noprune=1");
    }
    return parse(send("DELETE", "/imagesaga/fleet/images/" + pathOf(name),
        withSelection(query, selection)), FleetDeleteAnswer.class);
  }

  /** {@code POST /imagesaga/fleet/images/prune}: the answer, finished or not (202). */
  FleetDeleteAnswer prune(String filters, Selection selection) {
    List<String> query = new ArrayList<>(List.of(param("filters", filters)));
    return parse(send("POST", "/imagesaga/fleet/images/prune", withSelection(query,
        selection)), FleetDeleteAnswer.class);
  }

  /** {@code GET /imagesaga/fleet/deletes/{id}}: a fleet delete or prune as it stands. */
  FleetDeleteAnswer status(String id) {
    return parse(send("GET", "/imagesaga/fleet/deletes/" + pathOf(id), List.of()),
        FleetDeleteAnswer.class);
  }

  private static List<String> withSelection(List<String> query, Selection selection) {
    if (selection.dryRun()) {
      query.add("dryrun=1");
    }
    if (!selection.hosts().isEmpty()) {
      query.add(param("hosts", String.join(",", selection.hosts())));
    }
    if (!selection.excludeHosts().isEmpty()) {
      query.add(param("exclude-hosts", String.join(",", selection.excludeHosts())));
    }
    return query;
  }

  private String send(String method, String path, List<String> query) {
    URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).method(method,
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot connect to the imagesaga agent at " + host
          + ". Is the agent running? (" + (e.getMessage() != null ? e.getMessage()
          : e.getClass().getSimpleName()) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + uri, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new DaemonError(message(response));
    }
    return response.body();
  }

  /** The {@code message} of an error answer, as the docker CLI reads it. */
  private static String message(HttpResponse<String> response) {
    try {
      JsonNode message = JSON.readTree(response.body()).path("message");
      if (message.isTextual()) {
        return message.asText();
      }
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    String body = response.body().strip();
    return body.isEmpty() ? "status " + response.statusCode() : body;
  }

  private static <T> T parse(String body, Class<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the agent's answer is not what this command reads: "
          + e.getOriginalMessage(), e);
    }
  }

  private static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * A name as a path: as the docker CLI sends {@code /images/{name}}, its slashes, colons and
   * {@code @} kept, everything else outside the unreserved characters percent-encoded.
   */
  static String pathOf(String name) {
    StringBuilder path = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/:@".indexOf(c) >= 0) {
        path.append(c);
      } else {
        path.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return path.toString();
  }
}
