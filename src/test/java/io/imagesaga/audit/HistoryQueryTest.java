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
import java.util.concurrent.CompletableFuture;
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

  /** {@code records} as a log; every record it hands over is added to {@code read}. */
  private static Replay replay(List<JournalRecord> records, List<JournalRecord> read) {
    return (after, whileTrue, action) -> {
      for (JournalRecord record : records) {
        if (record.offset() > after) {
          if (!whileTrue.test(record)) {
            break;
          }
          read.add(record);
          action.accept(record);
        }
      }
      return CompletableFuture.completedFuture(null);
    };
  }

  private static HistoryQuery.Page run(HistoryQuery.Filter filter) {
    return HistoryQuery.run(replay(log(), new ArrayList<>()), filter).toCompletableFuture()
        .join();
  }

  private static HistoryQuery.Filter client(String part) {
    return new HistoryQuery.Filter(Optional.empty(), Optional.empty(), Optional.of(part),
        Optional.empty(), Optional.empty(), 0, HistoryQuery.MAX_LIMIT);
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
          Optional.empty(), next, 5)).toCompletableFuture().join();
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
        Optional.of(T.plusSeconds(5)), 0, 100)).toCompletableFuture().join();
    assertThat(early.records()).extracting(JournalRecord::offset).containsExactly(1L, 2L, 3L);
    assertThat(read).hasSize(3);
    assertThat(run(new HistoryQuery.Filter(Optional.of(X.hex()), Optional.empty(),
        Optional.empty(), Optional.of(T.plusSeconds(20)), Optional.empty(), 0, 100)).records())
        .extracting(JournalRecord::offset).containsExactly(8L, 10L, 11L, 12L);
  }
}
