package io.imagesaga.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The oracle of {@link HistoryQuery}'s pages: the whole answer, held whole (the subject's
 * {@link History} over the log, narrowed to what {@link ClientMatch} claims over all of it), of
 * which the pages after each {@code next} must give every record once, in order, and a page of
 * the last N its last N. The query holds only a page; the oracle holds everything, so the two
 * are written apart.
 */
final class HistoryPages {
  private static final List<Integer> SIZES = List.of(1, 3, 8);

  private HistoryPages() {}

  /** Checks every page size of {@link #SIZES}, first and last, for one subject and client. */
  static void agree(List<JournalRecord> log, Optional<History.Subject> subject,
      Optional<String> client, String what) {
    List<JournalRecord> whole = whole(log, subject, client);
    for (int size : SIZES) {
      assertThat(pagedThrough(log, subject, client, size))
          .as("pages of %d of %s", size, what).isEqualTo(whole);
      HistoryQuery.Page last = run(log, filter(subject, client, 0,
          HistoryQuery.Window.last(size)));
      assertThat(last.records()).as("the last %d of %s", size, what)
          .isEqualTo(whole.subList(Math.max(0, whole.size() - size), whole.size()));
    }
  }

  static List<JournalRecord> whole(List<JournalRecord> log, Optional<History.Subject> subject,
      Optional<String> client) {
    Set<Long> claimed = new HashSet<>();
    client.map(ClientMatch::new).ifPresent(match -> log.forEach(record ->
        match.offer(record).forEach(mine -> claimed.add(mine.offset()))));
    List<JournalRecord> base = subject.map(about -> {
      History history = new History(about);
      log.forEach(history::accept);
      return history.records();
    }).orElse(log);
    return base.stream().filter(r -> client.isEmpty() || claimed.contains(r.offset())).toList();
  }

  private static List<JournalRecord> pagedThrough(List<JournalRecord> log,
      Optional<History.Subject> subject, Optional<String> client, int size) {
    List<JournalRecord> paged = new ArrayList<>();
    long next = 0;
    for (HistoryQuery.Page page; !(page = run(log, filter(subject, client, next,
        HistoryQuery.Window.first(size)))).records().isEmpty(); next = page.next()) {
      assertThat(page.records()).hasSizeLessThanOrEqualTo(size);
      paged.addAll(page.records());
    }
    return paged;
  }

  private static HistoryQuery.Filter filter(Optional<History.Subject> subject,
      Optional<String> client, long after, HistoryQuery.Window window) {
    Optional<String> name = subject.map(s -> s instanceof History.Subject.Image image
        ? image.id().toString() : null);
    return new HistoryQuery.Filter(name, subject.map(s -> s instanceof History.Subject.Reference
        r ? r.reference() : null), client, Optional.empty(), Optional.empty(), after, window);
  }

  static HistoryQuery.Page run(List<JournalRecord> log, HistoryQuery.Filter filter) {
    return HistoryQuery.run(replay(log, new ArrayList<>()), filter).toCompletableFuture().join();
  }

  /** {@code log} as a {@link Replay} that can tell its end. */
  static Replay replay(List<JournalRecord> log, List<JournalRecord> read) {
    return replay(log, read, true);
  }

  /**
   * {@code log} as a {@link Replay}, which tells its end if {@code tellsEnd}; every record it
   * hands over is added to {@code read}.
   */
  static Replay replay(List<JournalRecord> log, List<JournalRecord> read, boolean tellsEnd) {
    return new Replay() {
      @Override
      public CompletionStage<?> run(long after, Predicate<JournalRecord> whileTrue,
          Consumer<JournalRecord> action) {
        for (JournalRecord record : log) {
          if (record.offset() > after) {
            if (!whileTrue.test(record)) {
              break;
            }
            read.add(record);
            action.accept(record);
          }
        }
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<OptionalLong> end() {
        return CompletableFuture.completedFuture(!tellsEnd ? OptionalLong.empty()
            : OptionalLong.of(log.isEmpty() ? 0 : log.get(log.size() - 1).offset()));
      }
    };
  }
}
