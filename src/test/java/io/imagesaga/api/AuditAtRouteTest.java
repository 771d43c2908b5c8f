package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.PointInTime;
import io.imagesaga.audit.RemoteAuditLog;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /imagesaga/audit/at}: the catalog at a time, folded on the node, the document
 * {@code audit at --format json} prints.
 */
class AuditAtRouteTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private final AuditClient audit = new AuditClient(NODE.port());

  @Test
  void before_a_delete_the_image_is_there_and_after_it_is_not() throws Exception {
    ImageId image = NODE.driver().register("at-1", Optional.empty(), List.of(diffId("at-1")),
        "at/one:1");
    Instant before = lastWritten();
    while (!Instant.now().isAfter(before)) {
      Thread.onSpinWait(); // the delete's records must be written after that millisecond
    }
    NODE.driver().rmi("at/one:1", DeleteOptions.defaults());
    Instant after = lastWritten();

    AuditClient.Answer then = audit.get("/imagesaga/audit/at?time=" + before);
    assertThat(then.status()).as(then.body()).isEqualTo(200);
    assertThat(then.contentType()).isEqualTo("application/json");
    assertThat(ids(then.json())).contains(image.toString());
    assertThat(then.json().path("Images").findValues("RepoTags").toString())
        .contains("at/one:1");
    assertThat(ids(audit.get("/imagesaga/audit/at?time=" + after.getEpochSecond() + "."
        + String.format("%09d", after.getNano())).json())).doesNotContain(image.toString());
    assertThat(then.body()).isEqualTo(cliDocument(before));
  }

  @Test
  void a_missing_or_unreadable_time_is_a_400() throws Exception {
    AuditClient.Answer missing = audit.get("/imagesaga/audit/at");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).isEqualTo(
        "time is needed: RFC 3339 (2026-12-01T18:00:00Z) or unix seconds");
    AuditClient.Answer bad = audit.get("/imagesaga/audit/at?time=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).isEqualTo("invalid value for time: failed to parse value as time"
        + " or duration: \"yesterday\"");
  }

  private static List<String> ids(JsonNode document) {
    List<String> ids = new ArrayList<>();
    document.path("Images").forEach(image -> ids.add(image.path("Id").asText()));
    return ids;
  }

  private Instant lastWritten() throws Exception {
    List<JournalRecord> journal = audit.journal();
    return journal.get(journal.size() - 1).written();
  }

  /** What {@code audit at T --format json -H} prints, without its final line break. */
  private static String cliDocument(Instant at) {
    try (RemoteAuditLog log = new RemoteAuditLog("tcp://127.0.0.1:" + NODE.port())) {
      return JournalExport.pretty(PointInTime.catalog((after, whileTrue, action) -> {
        log.forEach(whileTrue, action);
        return CompletableFuture.completedFuture(null);
      }, at).toCompletableFuture().join().document());
    }
  }
}
