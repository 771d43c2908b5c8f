package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryEntity;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An entity that never answers (its journal cannot be replayed, so it never finishes
 * recovering) makes a request 503 with a message naming what timed out, never a 500 with an
 * exception's text: asks of the request itself, and of the delete or operation it started.
 */
class UnavailableTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.ask-timeout", "2s", "imagesaga.saga-timeout", "6s"));
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ImageId MUTE_IMAGE =
      ImageId.fromConfig("never answers".getBytes(StandardCharsets.UTF_8));
  private static final String BACKGROUND = "; it carries on in the background, so check the"
      + " outcome before trying again\"}";

  @BeforeAll
  static void muteEntities() throws Exception {
    NODE.driver().register("healthy", Optional.empty(), List.of(diffId("healthy")),
        "healthy:1");
    unreplayable(ImageEntity.persistenceId(MUTE_IMAGE));
    unreplayable(PersistenceId.of(RepositoryEntity.ENTITY_TYPE_KEY.name(),
        "docker.io/library/mute"));
    var ref = References.parseNormalizedNamed("points-at-mute:1");
    JournalWriter.append(NODE.driver().node().system(), PersistenceId.of(
            RepositoryEntity.ENTITY_TYPE_KEY.name(), ref.repository().name()), "repository",
        List.of(new RepositoryEvent.ReferenceSet(ref, MUTE_IMAGE, Optional.empty(), "by-hand",
            Instant.now(), true)));
  }

  /** A journal whose first event is not the entity's: its recovery fails, every time. */
  private static void unreplayable(PersistenceId id) {
    JournalWriter.append(NODE.driver().node().system(), id, "unreplayable",
        List.of(new OperationEvent.Completed(Instant.now())));
  }

  @Test
  void a_delete_whose_name_cannot_be_resolved_in_time() throws Exception {
    var answer = send("DELETE", "/v1.47/images/" + MUTE_IMAGE.hex(), "");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).isEqualTo("{\"message\":\"timed out after 2s waiting for image "
        + MUTE_IMAGE + "; try again\"}");
  }

  @Test
  void a_delete_whose_steps_do_not_end_in_time() throws Exception {
    var answer = send("DELETE", "/v1.47/images/points-at-mute:1", "");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).matches("\\{\"message\":\"timed out after 6s waiting for the"
        + " delete of points-at-mute:1 \\(delete [0-9a-f-]{36}\\)" + quote(BACKGROUND));
  }

  @Test
  void a_tag_whose_operation_does_not_end_in_time() throws Exception {
    var answer = send("POST", "/v1.47/images/healthy:1/tag?repo=mute&tag=x", "");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).matches("\\{\"message\":\"timed out after 6s waiting for the tag"
        + " mute:x \\(operation [0-9a-f-]{36}\\)" + quote(BACKGROUND));
  }

  @Test
  void a_container_create_whose_image_does_not_answer_in_time() throws Exception {
    var answer = send("POST", "/v1.47/containers/create?name=on-mute",
        "{\"Image\":\"" + MUTE_IMAGE.hex() + "\"}");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).isEqualTo("{\"message\":\"timed out after 2s waiting for image "
        + MUTE_IMAGE + "; try again\"}");
  }

  private static String quote(String literal) {
    return java.util.regex.Pattern.quote(literal);
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
