package io.imagesaga.audit;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log of a real node: read live over HTTP, then offline once the node stopped; the
 * export round-trips; history names who asked; verify finds a corrupted journal. The methods
 * build on each other's journal, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditLogTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();

  private static ImageId image;

  @Test
  @Order(1)
  void a_running_nodes_log_is_read_over_http_in_write_order_and_verifies() {
    image = NODE.driver().register("audit-1", Optional.empty(), List.of(diffId("audit-1")),
        "audit:1", "audit:2");
    assertThat(NODE.driver().rmi("audit:1", DeleteOptions.defaults())).isEqualTo(
        "Untagged: audit:1");

    try (AuditLog log = new RemoteAuditLog("tcp://127.0.0.1:" + NODE.port())) {
      List<JournalRecord> records = new ArrayList<>();
      log.forEach(record -> true, records::add);
      assertThat(records).extracting(JournalRecord::offset)
          .containsExactly(java.util.stream.LongStream.rangeClosed(1, records.size()).boxed()
              .toArray(Long[]::new));
      InvariantCheck check = new InvariantCheck();
      log.forEach(record -> true, check::apply);
      assertThat(check.violation()).isEmpty();
      assertThat(check.state().quiescent()).isTrue();
      assertThat(check.state().image(image).references()).extracting(Object::toString)
          .containsExactly("docker.io/library/audit:2");
    }
  }

  @Test
  @Order(2)
  void history_of_a_deleted_tag_shows_the_delete_and_who_asked() {
    try (AuditLog log = new RemoteAuditLog("http://127.0.0.1:" + NODE.port())) {
      NamesSeen names = new NamesSeen();
      log.forEach(record -> true, names::accept);
      History history = new History(names.resolve("audit:1"));
      log.forEach(record -> true, history::accept);

      List<String> types = history.records().stream()
          .map(r -> EventTypes.name(r.event().getClass())).toList();
      assertThat(types).containsSubsequence("OperationEvent.Started",
          "ImageEvent.ReferenceAdded", "RepositoryEvent.ReferenceSet", "DeletionEvent.Started",
          "ImageEvent.Untagged", "RepositoryEvent.ReferencesRemoved", "DeletionEvent.Finished");
      DeletionEvent.Started delete = history.records().stream().map(JournalRecord::event)
          .filter(DeletionEvent.Started.class::isInstance).map(DeletionEvent.Started.class::cast)
          .findFirst().orElseThrow();
      assertThat(delete.provenance()).isEqualTo(NodeDriver.PROVENANCE);
      assertThat(names.resolve(image.hex().substring(0, 12)))
          .isEqualTo(new History.Subject.Image(image));
    }
  }

  @Test
  @Order(2)
  void a_log_shipper_resumes_after_the_last_offset_it_has() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + NODE.port() + "/imagesaga/audit/journal";
    HttpResponse<java.util.stream.Stream<String>> all = http.send(
        HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofLines());
    List<JournalRecord> everything = all.body().map(JournalExport::parse).toList();
    HttpResponse<java.util.stream.Stream<String>> rest = http.send(
        HttpRequest.newBuilder(URI.create(base + "?after=3")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(rest.body().map(JournalExport::parse).toList())
        .isEqualTo(everything.subList(3, everything.size()));

    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "?after=x"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"message\":\"invalid after offset \\\"x\\\": a journal "
        + "offset (0 or more) is needed\"}");
  }

  @Test
  @Order(3)
  void a_stopped_nodes_log_exports_and_reads_back_event_for_event() {
    NODE.driver().close();
    List<JournalRecord> records = new ArrayList<>();
    try (AuditLog log = new OfflineJournal(TestConfigs.node(NODE.dataDir()))) {
      log.forEach(record -> true, records::add);
    }
    assertThat(records).isNotEmpty();
    for (JournalRecord record : records) {
      JournalRecord back = JournalExport.parse(JournalExport.text(record));
      assertThat(back).as(JournalExport.text(record)).isEqualTo(record);
    }
  }

  @Test
  @Order(4)
  void verify_reports_the_first_violation_of_a_corrupted_journal_with_its_events()
      throws Exception {
    NODE.restart();
    ImageId ghost = ImageId.parse("ab".repeat(32));
    ImageMetadata metadata = new ImageMetadata(ghost, Optional.empty(), Optional.empty(),
        Instant.EPOCH, "linux", 0, Map.of());
    JournalWriter.append(NODE.driver().node().system(),
        PersistenceId.of(ImageEntity.ENTITY_TYPE_KEY.name(), ghost.toString()), ImageEntity.TAG,
        List.of(new ImageEvent.Registered(metadata, "forged", Optional.empty(), Instant.now()),
            new ImageEvent.ReferenceAdded(References.parseNormalizedNamed("ghost:1"),
                Instant.now())));

    try (AuditLog log = new RemoteAuditLog("tcp://127.0.0.1:" + NODE.port())) {
      InvariantCheck check = new InvariantCheck();
      log.forEach(record -> check.violation().isEmpty(), check::apply);
      Violation violation = check.violation().orElseThrow();
      assertThat(violation.invariant()).isEqualTo(1);
      assertThat(violation.description()).isEqualTo("image " + ghost
          + " lists docker.io/library/ghost:1, which its repository does not have");
      assertThat(violation.entities()).containsExactlyInAnyOrder("Image|" + ghost,
          "Repository|docker.io/library/ghost");
      assertThat(violation.events(log)).extracting(JournalRecord::event)
          .hasExactlyElementsOfTypes(ImageEvent.Registered.class, ImageEvent.ReferenceAdded.class);
    }
  }
}
