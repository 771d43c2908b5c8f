package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.JournalTags;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /events?since=0&until=<now>} right after a write answers every event up to
 * {@code until}, however long the replay before it takes, and a client that follows live
 * across the hand-over from replay to live sees each event once, in write order.
 */
class EventsHandoverTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  static final HttpClient client = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  /** Enough history that replaying it takes longer than the {@code until} below is away. */
  static final int HISTORY = 10_000;
  static final ImageId FILLER = ImageId.parse("sha256:" + "f".repeat(64));

  /** One image's journal full of {@code load} events, written at once as its entity would. */
  @BeforeAll
  static void history() {
    Instant at = Instant.now();
    List<Object> events = new ArrayList<>();
    events.add(new ImageEvent.Registered(new ImageMetadata(FILLER, Optional.empty(),
        Optional.empty(), at, "linux", 0, Map.of("filler", "yes")), "filler", Optional.empty(),
        at));
    for (int i = 0; i < HISTORY; i++) {
      events.add(new ImageEvent.Announced("load", FILLER.toString(), at));
    }
    JournalWriter.append(NODE.driver().node().system(), ImageEntity.persistenceId(FILLER),
        JournalTags.DOCKER_EVENTS, events);
    NODE.driver().register("handover", Optional.empty(), List.of(diffId("handover-l1")),
        "handover/src:1");
  }

  @Test
  void every_event_up_to_until_is_answered_right_after_it_was_written() throws Exception {
    int before = events("since=0&until=" + unix(Instant.now())).size();
    assertThat(before).isGreaterThan(HISTORY);
    for (int i = 0; i < 5; i++) {
      assertThat(NODE.driver().tag("handover/src:1", "handover/dst:" + i)).isEmpty();
      Instant now = Instant.now();
      // A hair ahead (a client's clock, or rounding up), then exactly now.
      for (Instant until : List.of(now.plusMillis(100), now)) {
        List<JsonNode> events = events("since=0&until=" + unix(until));
        assertThat(events).as("until %s, round %d", until, i).hasSize(before + 1 + i);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("Action").asText()).isEqualTo("tag");
        assertThat(last.path("Actor").path("Attributes").path("name").asText())
            .isEqualTo("handover/dst:" + i);
      }
    }
  }

  /**
   * A client following from {@code since=0} while writes go on through its replay and past
   * it sees exactly what a replay of the same span shows afterwards: each event once, in
   * order, none lost where the replay hands over to live.
   */
  @Test
  void a_client_following_across_the_handover_sees_each_event_once() throws Exception {
    HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + NODE.port() + "/v1.47/events?since=0")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(answer.statusCode()).isEqualTo(200);
    CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 20; i++) {
        assertThat(NODE.driver().tag("handover/src:1", "handover/follow:" + i)).isEmpty();
      }
      assertThat(NODE.driver().tag("handover/src:1", "handover/follow:end")).isEmpty();
    });
    List<JsonNode> followed = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(),
        StandardCharsets.UTF_8))) {
      CompletableFuture.runAsync(() -> readUntil(lines, "handover/follow:end", followed))
          .get(120, TimeUnit.SECONDS);
    }
    writes.get(60, TimeUnit.SECONDS);
    List<JsonNode> replayed = events("since=0&until=" + unix(Instant.now()));
    assertThat(followed).hasSizeGreaterThan(HISTORY + 20);
    assertThat(replayed.subList(0, followed.size())).isEqualTo(followed);
  }

  private static void readUntil(BufferedReader lines, String name, List<JsonNode> into) {
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode event = JSON.readTree(line);
        into.add(event);
        if (event.path("Actor").path("Attributes").path("name").asText().equals(name)) {
          return;
        }
      }
      throw new IllegalStateException("the stream ended before " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> events(String query) throws Exception {
    String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + NODE.port() + "/v1.47/events?" + query)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    List<JsonNode> events = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  static String unix(Instant time) {
    return time.getEpochSecond() + "." + String.format("%09d", time.getNano());
  }
}
