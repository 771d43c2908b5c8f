package io.imagesaga.audit;

import static io.imagesaga.audit.HandLog.id;
import static io.imagesaga.audit.HandLog.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fold behind {@code GET /imagesaga/audit/history}, over a log written by hand. */
class HistoryQueryTest {
  private static final ImageId X = id('1');
  private static final ImageId Y = id('2');
  private static final Instant T = Instant.parse("2026-12-01T18:00:00Z");
  private static final Provenance ALICE = new Provenance("10.0.0.7:5000", "alice-ui/1", "r1",
      "CN=alice");
  private static final Provenance BOB = new Provenance("10.0.0.8:5000", "curl/8", "r2", "");

  /** X registered and tagged; bob's delete untags X; alice's untags it again, Y between. */
  private static List<JournalRecord> log() {
    HandLog log = new HandLog().registered(X, T, 1, T).tagged(X, "x:1", T).tagged(X, "x:2", T);
    log.add("Deletion|bob", T.plusSeconds(10), started("x:1", BOB));
    log.image(X, T.plusSeconds(10), untagged("x:1")).image(X, T.plusSeconds(10), step("bob"));
    log.add("Deletion|bob", T.plusSeconds(10), new DeletionEvent.Finished(List.of(), T));
    log.add("Deletion|alice", T.plusSeconds(20), started("x:2", ALICE));
    log.registered(Y, T, 1, T.plusSeconds(20));
    log.image(X, T.plusSeconds(20), untagged("x:2")).image(X, T.plusSeconds(20), step("alice"));
    log.add("Deletion|alice", T.plusSeconds(20), new DeletionEvent.Finished(List.of(), T));
    return log.records();
  }

  private static DeletionEvent.Started started(String name, Provenance who) {
    return new DeletionEvent.Started(new DeletePlan(X, Optional.of(reference(name)), name,
        DeleteOptions.defaults(), Optional.empty()), who, T);
  }

  private static ImageEvent untagged(String name) {
    return new ImageEvent.Untagged(List.of(new ImageEvent.RemovedReference(reference(name),
        true)), T);
  }

  private static ImageEvent step(String saga) {
    return new ImageEvent.StepTaken(saga, new DeleteOutcome.Rejected(new Rejection.NotFound(
        "stands for a step")), T, true);
  }

  /** {@code records} as a log that cannot tell its end; what it hands over goes to {@code read}. */
  private static Replay replay(List<JournalRecord> records, List<JournalRecord> read) {
    return HistoryPages.replay(records, read, false);
  }

  private static HistoryQuery.Page run(HistoryQuery.Filter filter) {
    return HistoryQuery.run(replay(log(), new ArrayList<>()), filter).toCompletableFuture()
        .join();
  }

  private static HistoryQuery.Filter client(String part) {
    return new HistoryQuery.Filter(Optional.empty(), Optional.empty(), Optional.of(part),
        Optional.empty(), Optional.empty(), 0, HistoryQuery.Window.first(HistoryQuery.MAX_LIMIT));
  }

  @Test
  void a_client_gets_its_delete_and_the_image_events_of_its_step_write_alone() {
    assertThat(run(client("CN=alice")).records()).extracting(JournalRecord::offset)
        .containsExactly(8L, 10L, 11L, 12L);
    assertThat(run(client("curl")).records()).extracting(JournalRecord::offset)
        .containsExactly(4L, 5L, 6L, 7L);
    assertThat(run(client("10.0.0.")).records()).hasSize(8);
  }

  @Test
  void pages_after_next_give_the_log_once_and_stop_reading_at_the_limit() {
    List<JournalRecord> all = log();
    List<JournalRecord> paged = new ArrayList<>();
    long next = 0;
    while (true) {
      List<JournalRecord> read = new ArrayList<>();
      HistoryQuery.Page page = HistoryQuery.run(replay(all, read), new HistoryQuery.Filter(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), next, HistoryQuery.Window.first(5))).toCompletableFuture().join();
      assertThat(read).hasSizeLessThanOrEqualTo(5);
      if (page.records().isEmpty()) {
        assertThat(page.next()).isEqualTo(next);
        break;
      }
      paged.addAll(page.records());
      next = page.next();
    }
    assertThat(paged).isEqualTo(all);
  }

  @Test
  void until_stops_the_read_past_the_clock_skew_and_since_bounds_from_below() {
    List<JournalRecord> read = new ArrayList<>();
    HistoryQuery.Page early = HistoryQuery.run(replay(log(), read), new HistoryQuery.Filter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(T.plusSeconds(5)), 0, HistoryQuery.Window.first(100)))
        .toCompletableFuture().join();
    assertThat(early.records()).extracting(JournalRecord::offset).containsExactly(1L, 2L, 3L);
    assertThat(read).hasSize(3);
    assertThat(run(new HistoryQuery.Filter(Optional.of(X.hex()), Optional.empty(),
        Optional.empty(), Optional.of(T.plusSeconds(20)), Optional.empty(), 0,
        HistoryQuery.Window.first(100))).records())
        .extracting(JournalRecord::offset).containsExactly(8L, 10L, 11L, 12L);
  }

  @Test
  void the_last_records_are_the_logs_end_read_from_near_it_when_the_log_tells_where_it_ends() {
    List<JournalRecord> all = log();
    List<JournalRecord> read = new ArrayList<>();
    HistoryQuery.Page last = HistoryQuery.run(HistoryPages.replay(all, read), filter(
        Optional.empty(), Optional.empty(), 0, HistoryQuery.Window.last(3)))
        .toCompletableFuture().join();
    assertThat(last.records()).isEqualTo(all.subList(all.size() - 3, all.size()));
    assertThat(last.next()).isEqualTo(all.get(all.size() - 1).offset());
    assertThat(read).hasSize(3);
    assertThat(run(filter(Optional.empty(), Optional.empty(), 0,
        HistoryQuery.Window.last(3))).records()).as("a log that cannot tell its end is read whole")
        .isEqualTo(last.records());
    HistoryQuery.Page early = HistoryQuery.run(HistoryPages.replay(all, new ArrayList<>()),
        new HistoryQuery.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(T.plusSeconds(5)), 0, HistoryQuery.Window.last(2)))
        .toCompletableFuture().join();
    assertThat(early.records()).as("the last two written by T + 5 s, not by the end")
        .extracting(JournalRecord::offset).containsExactly(2L, 3L);
  }

  @Test
  void the_last_records_of_an_image_or_a_client_are_their_latest() {
    assertThat(run(filter(Optional.of(X.hex()), Optional.empty(), 0,
        HistoryQuery.Window.last(2))).records()).extracting(JournalRecord::offset)
        .containsExactly(11L, 12L);
    assertThat(run(filter(Optional.empty(), Optional.of("curl"), 0,
        HistoryQuery.Window.last(3))).records()).extracting(JournalRecord::offset)
        .containsExactly(5L, 6L, 7L);
  }

  @Test
  void a_page_of_an_image_stops_reading_once_nothing_later_could_belong_on_it() {
    List<JournalRecord> read = new ArrayList<>();
    HistoryQuery.Page first = HistoryQuery.run(HistoryPages.replay(log(), read), filter(
        Optional.of(X.hex()), Optional.empty(), 0, HistoryQuery.Window.first(2)))
        .toCompletableFuture().join();
    assertThat(first.records()).extracting(JournalRecord::offset).containsExactly(1L, 2L);
    assertThat(read).extracting(JournalRecord::offset).containsExactly(1L, 2L);
  }

  @Test
  void a_history_of_an_image_by_a_client_holds_its_page_and_a_step_write_not_the_log() {
    HandLog log = new HandLog().registered(X, T, 1, T);
    for (int i = 0; i < 2_000; i++) {
      log.tagged(X, "x:1", T).add("Deletion|bob" + i, T, started("x:1", i % 2 == 0 ? BOB : ALICE));
      log.image(X, T, untagged("x:1")).image(X, T, step("bob" + i));
      log.add("Deletion|bob" + i, T, new DeletionEvent.Finished(List.of(), T));
    }
    HistoryQuery.Filter filter = filter(Optional.of(X.toString()), Optional.of("curl"), 0,
        HistoryQuery.Window.last(5));
    HistoryFold fold = new HistoryFold(filter, Optional.of(new History.Subject.Image(X)));
    int mostHeld = 0;
    for (JournalRecord record : log.records()) {
      assertThat(fold.wantsMore(record)).isTrue();
      fold.offer(record);
      mostHeld = Math.max(mostHeld, fold.held());
    }
    assertThat(mostHeld).isLessThanOrEqualTo(5 + 2 * (ClientMatch.STEP_WRITE + 1));
    List<JournalRecord> whole = HistoryPages.whole(log.records(),
        Optional.of(new History.Subject.Image(X)), Optional.of("curl"));
    assertThat(whole).as("bob's thousand deletes: start, untag, step, end").hasSize(4_000);
    assertThat(fold.page().records()).isEqualTo(whole.subList(whole.size() - 5, whole.size()));
  }

  private static HistoryQuery.Filter filter(Optional<String> image, Optional<String> client,
      long after, HistoryQuery.Window window) {
    return new HistoryQuery.Filter(image, Optional.empty(), client, Optional.empty(),
        Optional.empty(), after, window);
  }
}
