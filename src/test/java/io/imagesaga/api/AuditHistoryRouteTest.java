package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.audit.History;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.NamesSeen;
import io.imagesaga.audit.RemoteAuditLog;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.testkit.NodeExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /imagesaga/audit/history}: each filter narrows to what it names, the same records
 * as {@code audit history}; pages polled with {@code next} give every record once, those
 * written between polls included.
 */
class AuditHistoryRouteTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private final AuditClient audit = new AuditClient(NODE.port());

  private static ImageId register(String seed, String... tags) {
    return NODE.driver().register(seed, Optional.empty(), List.of(diffId(seed)), tags);
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void an_image_narrows_to_what_audit_history_finds_for_it() throws Exception {
    ImageId a = register("hist-a", "hist/a:1", "hist/a:2");
    ImageId b = register("hist-b", "hist/b:1");
    NODE.driver().rmi("hist/a:2", DeleteOptions.defaults());

    AuditClient.Page page = audit.history("image=" + a.hex().substring(0, 12));

    assertThat(page.records()).extracting(JournalRecord::persistenceId)
        .contains("Image|" + a).doesNotContain("Image|" + b, "Repository|docker.io/hist/b");
    assertThat(page.records()).extracting(JournalRecord::event)
        .hasAtLeastOneElementOfType(ImageEvent.Registered.class)
        .hasAtLeastOneElementOfType(DeletionEvent.Started.class)
        .hasAtLeastOneElementOfType(ImageEvent.Untagged.class);
    assertThat(upTo(page.next(), cliHistory(a.hex().substring(0, 12))))
        .isEqualTo(page.records());
    assertThat(page.next()).isEqualTo(page.records().get(page.records().size() - 1).offset());
  }

  @Test
  void a_reference_narrows_to_that_tag_alone() throws Exception {
    ImageId image = register("hist-r", "hist/r:1", "hist/r:2");

    AuditClient.Page page = audit.history("reference=" + q("hist/r:1"));

    assertThat(page.records()).extracting(JournalRecord::event).filteredOn(
        RepositoryEvent.ReferenceSet.class::isInstance).singleElement().satisfies(set ->
            assertThat(((RepositoryEvent.ReferenceSet) set).reference().familiarString())
                .isEqualTo("hist/r:1"));
    assertThat(page.records()).extracting(JournalRecord::event).filteredOn(
        ImageEvent.ReferenceAdded.class::isInstance).extracting(e -> ((ImageEvent
            .ReferenceAdded) e).reference().familiarString()).containsExactly("hist/r:1");
    assertThat(upTo(page.next(), cliHistory("hist/r:1"))).isEqualTo(page.records());
    assertThat(upTo(page.next(), audit.history("image=" + q("hist/r:1")).records()))
        .isEqualTo(page.records());
    assertThat(page.records()).extracting(JournalRecord::persistenceId)
        .contains("Image|" + image);
  }

  @Test
  void a_client_narrows_to_its_requests_and_what_they_wrote() throws Exception {
    register("hist-c", "hist/c:1", "hist/c:2");
    assertThat(audit.delete("/images/hist/c:1", "alice-ui/1.0").status()).isEqualTo(200);
    NODE.driver().rmi("hist/c:2", DeleteOptions.defaults());

    List<JournalRecord> alice = audit.history("client=alice-ui").records();

    assertThat(alice.get(0).event()).isInstanceOfSatisfying(DeletionEvent.Started.class,
        started -> assertThat(started.provenance().userAgent()).isEqualTo("alice-ui/1.0"));
    assertThat(alice).extracting(JournalRecord::event)
        .hasAtLeastOneElementOfType(ImageEvent.Untagged.class)
        .hasAtLeastOneElementOfType(RepositoryEvent.ReferencesRemoved.class)
        .hasAtLeastOneElementOfType(DeletionEvent.Finished.class)
        .noneSatisfy(e -> assertThat(e).isInstanceOf(ImageEvent.Registered.class))
        .noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(
            RepositoryEvent.ReferencesRemoved.class, removed -> assertThat(removed.references())
                .extracting(r -> r.familiarString()).contains("hist/c:2")));
    assertThat(audit.history("client=127.0.0.1").records()).containsAll(alice);
    assertThat(audit.history("client=alice-ui&reference=" + q("hist/c:2")).records())
        .isEmpty();
    assertThat(audit.history("client=nobody-at-all&after=3")).isEqualTo(
        new AuditClient.Page(List.of(), 3));
  }

  @Test
  void since_and_until_bound_the_write_times_in_either_format() throws Exception {
    register("hist-t1", "hist/t:1");
    register("hist-t2", "hist/t:2");
    List<JournalRecord> all = audit.history("limit=10000").records();
    long last = all.get(all.size() - 1).offset();
    Instant middle = all.get(all.size() / 2).written();
    String unix = middle.getEpochSecond() + "." + String.format("%09d", middle.getNano());

    assertThat(upTo(last, audit.history("limit=10000&since=" + q(middle.toString())).records()))
        .isEqualTo(all.stream().filter(r -> !r.written().isBefore(middle)).toList());
    assertThat(audit.history("limit=10000&until=" + unix).records())
        .isEqualTo(all.stream().filter(r -> !r.written().isAfter(middle)).toList());
    assertThat(audit.history("since=" + q(middle.toString()) + "&until=" + unix).records())
        .isNotEmpty().allSatisfy(r -> assertThat(r.written()).isEqualTo(middle));
  }

  @Test
  void polling_with_next_gives_every_record_once_including_those_written_between_polls()
      throws Exception {
    register("hist-p1", "hist/p:1");
    List<JournalRecord> polled = new ArrayList<>();
    long next = poll(0, polled);
    ImageId later = register("hist-p2", "hist/p:2");
    next = poll(next, polled);

    List<JournalRecord> journal = audit.journal();
    assertThat(polled).isEqualTo(upTo(next, journal));
    assertThat(polled).extracting(JournalRecord::persistenceId).contains("Image|" + later);

    AuditClient.Page one = audit.history("limit=1");
    assertThat(one.records()).containsExactly(journal.get(0));
    assertThat(one.next()).isEqualTo(journal.get(0).offset());
  }

  @Test
  void last_gives_the_end_of_the_log_and_of_an_image_and_polling_goes_on_from_it()
      throws Exception {
    ImageId image = register("hist-l", "hist/l:1", "hist/l:2");
    register("hist-l-other", "hist/l-other:1");
    List<JournalRecord> journal = audit.journal();

    AuditClient.Page end = audit.history("last=4");
    assertThat(end.records()).isEqualTo(journal.subList(journal.size() - 4, journal.size()));
    assertThat(end.next()).isEqualTo(journal.get(journal.size() - 1).offset());
    List<JournalRecord> ofImage = audit.history("image=" + image.hex()).records();
    assertThat(audit.history("image=" + image.hex() + "&last=2").records())
        .isEqualTo(ofImage.subList(ofImage.size() - 2, ofImage.size()));

    ImageId later = register("hist-l2", "hist/l:3");
    assertThat(audit.history("after=" + end.next()).records()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.offset()).isGreaterThan(end.next()))
        .extracting(JournalRecord::persistenceId).contains("Image|" + later);
  }

  @Test
  void polling_one_image_gives_its_new_records_once() throws Exception {
    ImageId image = register("hist-f", "hist/f:1");
    AuditClient.Page before = audit.history("image=" + image.hex());
    NODE.driver().tag("hist/f:1", "hist/f:2");

    AuditClient.Page after = audit.history("image=" + image.hex() + "&after=" + before.next());

    assertThat(after.records()).isNotEmpty().allSatisfy(r ->
        assertThat(r.offset()).isGreaterThan(before.next()));
    assertThat(after.records()).extracting(JournalRecord::event).filteredOn(
        ImageEvent.ReferenceAdded.class::isInstance).extracting(e -> ((ImageEvent
            .ReferenceAdded) e).reference().familiarString()).containsExactly("hist/f:2");
    List<JournalRecord> both = new ArrayList<>(before.records());
    both.addAll(after.records());
    assertThat(upTo(after.next(), audit.history("image=" + image.hex()).records()))
        .isEqualTo(both);
  }

  @Test
  void bad_parameters_are_a_400_naming_them_and_change_nothing() throws Exception {
    register("hist-bad", "hist/bad:1");
    long records = audit.journal().size();
    java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("after=x", "invalid after offset \"x\": a journal offset (0 or more) is needed");
    bad.put("after=-1", "invalid after offset \"-1\": a journal offset (0 or more) is needed");
    for (String limit : List.of("0", "10001", "x", "-5", "99999999999")) {
      bad.put("limit=" + limit, "invalid limit \"" + limit + "\": a number of records from 1 to"
          + " 10000 is needed");
    }
    bad.put("last=0", "invalid last \"0\": a number of records from 1 to 10000 is needed");
    bad.put("limit=5&last=5", "give limit or last, not both: the first or the last records");
    bad.put("since=soon", "invalid value for since: failed to parse value as time or duration:"
        + " \"soon\"");
    bad.put("until=2026-13-45", "invalid value for until: failed to parse value as time or"
        + " duration: \"2026-13-45\"");
    bad.put("image=" + q("no such!"), "the log never named an image or reference no such!");
    bad.put("reference=" + q("Hist/Upper:1"), "invalid reference \"Hist/Upper:1\": invalid"
        + " reference format: repository name must be lowercase");
    bad.put("image=hist/bad:1&reference=hist/bad:1",
        "give image or reference, not both: image takes a reference too");
    for (var entry : bad.entrySet()) {
      AuditClient.Answer answer = audit.get("/imagesaga/audit/history?" + entry.getKey());
      assertThat(answer.status()).as(entry.getKey()).isEqualTo(400);
      assertThat(answer.contentType()).isEqualTo("application/json");
      assertThat(answer.message()).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    assertThat(audit.history("limit=10000").records()).hasSizeLessThanOrEqualTo(10_000);
    assertThat(audit.journal()).hasSize((int) records);
  }

  /** Pages of three from {@code after} until one comes back empty; the last next. */
  private long poll(long after, List<JournalRecord> into) throws Exception {
    long next = after;
    while (true) {
      AuditClient.Page page = audit.history("limit=3&after=" + next);
      assertThat(page.records()).hasSizeLessThanOrEqualTo(3)
          .allSatisfy(r -> assertThat(r.offset()).isGreaterThan(after));
      if (page.records().isEmpty()) {
        assertThat(page.next()).isEqualTo(next);
        return next;
      }
      into.addAll(page.records());
      next = page.next();
    }
  }

  private static List<JournalRecord> upTo(long offset, List<JournalRecord> records) {
    return records.stream().filter(r -> r.offset() <= offset).toList();
  }

  /** What {@code audit history NAME -H} finds, folded here from the journal route. */
  private static List<JournalRecord> cliHistory(String name) {
    try (RemoteAuditLog log = new RemoteAuditLog("tcp://127.0.0.1:" + NODE.port())) {
      NamesSeen names = new NamesSeen();
      log.forEach(record -> true, names::accept);
      History history = new History(names.resolve(name));
      log.forEach(record -> true, history::accept);
      return history.records();
    }
  }
}
