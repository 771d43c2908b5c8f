package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over real HTTP, every change is journaled with who asked (address, {@code User-Agent}) and
 * the request's ID, and every response carries that ID back.
 */
class RequestProvenanceTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  static final HttpClient client = HttpClient.newHttpClient();

  @Test
  void a_delete_is_journaled_with_its_client_and_request_id() throws Exception {
    NODE.driver().register("audit-rmi", Optional.empty(), List.of(diffId("audit-l1")), "audit:1");
    // An address the client claims for itself is not the one recorded.
    var deleted = send("DELETE", "/v1.47/images/audit:1", "X-Request-Id", "req-42",
        "X-Forwarded-For", "10.9.9.9");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.headers().firstValue("X-Request-Id")).contains("req-42");

    Provenance asked = startedBy(DeletionEntity.TAG, "req-42");
    assertThat(asked.userAgent()).isEqualTo("audit-test/1.0");
    assertThat(asked.remoteAddress()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void a_tag_is_journaled_with_its_client_and_request_id() throws Exception {
    NODE.driver().register("audit-tag", Optional.empty(), List.of(diffId("audit-l2")), "audit:2");
    var tagged = send("POST", "/v1.47/images/audit:2/tag?repo=audit&tag=3",
        "X-Request-Id", "req-43");
    assertThat(tagged.statusCode()).isEqualTo(201);
    assertThat(tagged.headers().firstValue("X-Request-Id")).contains("req-43");

    Provenance asked = startedBy(OperationEntity.TAG, "req-43");
    assertThat(asked.userAgent()).isEqualTo("audit-test/1.0");
    assertThat(asked.remoteAddress()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void the_deletes_of_a_prune_are_journaled_with_the_prune_request() throws Exception {
    NODE.driver().register("audit-dangling", Optional.empty(), List.of(diffId("audit-l3")));
    var pruned = send("POST", "/v1.47/images/prune", "X-Request-Id", "req-44");
    assertThat(pruned.statusCode()).isEqualTo(200);

    assertThat(startedBy(DeletionEntity.TAG, "req-44").userAgent()).isEqualTo("audit-test/1.0");
  }

  @Test
  void a_user_agent_is_journaled_up_to_256_characters() {
    assertThat(RequestProvenance.bounded("docker/28")).isEqualTo("docker/28");
    assertThat(RequestProvenance.bounded("a".repeat(300))).isEqualTo("a".repeat(256));
  }

  @Test
  void a_request_without_a_sane_id_is_given_a_new_one_and_told_it() throws Exception {
    for (String insane : List.of("two words", "x".repeat(129), "")) {
      var answer = send("GET", "/_ping", "X-Request-Id", insane);
      String given = answer.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(UUID.fromString(given)).as("for %s", insane).isNotNull();
    }
    var failed = send("GET", "/v1.23/version");
    assertThat(failed.statusCode()).isEqualTo(400);
    assertThat(failed.headers().firstValue("X-Request-Id")).isPresent();
  }

  /** The provenance of the one {@code Started} event under {@code tag} with that request ID. */
  private static Provenance startedBy(String tag, String requestId) {
    var system = NODE.driver().node().system();
    var journal = PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByTagQuery.class,
        NODE.driver().node().settings().readJournalPluginId());
    List<Object> events = NodeDriver.await(journal.currentEventsByTag(tag, Offset.noOffset())
        .map(EventEnvelope::event).runWith(Sink.seq(), system));
    return events.stream()
        .map(e -> e instanceof DeletionEvent.Started d ? d.provenance()
            : e instanceof OperationEvent.Started o ? o.provenance() : Provenance.UNRECORDED)
        .filter(p -> p.requestId().equals(requestId))
        .reduce((first, second) -> {
          throw new AssertionError("more than one start for " + requestId);
        })
        .orElseThrow(() -> new AssertionError("no start journaled for " + requestId));
  }

  /** Sends as {@code audit-test/1.0}, with the given header names and values. */
  private static HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .header("User-Agent", "audit-test/1.0");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
