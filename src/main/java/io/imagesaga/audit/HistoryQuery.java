package io.imagesaga.audit;

import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code audit history} with filters and pages: the records of one image or reference (as
 * {@link History} finds them), of one client ({@link ClientMatch}), written in a time range,
 * after an offset, at most so many. Both {@code imagesaga audit history} and {@code GET
 * /imagesaga/audit/history} answer through it.
 */
public final class HistoryQuery {
  /** Records per page unless the query says otherwise, and the most it may ask for. */
  public static final int DEFAULT_LIMIT = 500;
  public static final int MAX_LIMIT = 10_000;

  private HistoryQuery() {}

  /**
   * What to keep. Every part is optional and they all hold together.
   *
   * @param name what {@code audit history NAME} takes: an image ID, an unambiguous ID prefix
   *     or a reference the log named ({@link NamesSeen#resolve})
   * @param reference a reference, as the reference store reads it
   * @param client a part of who asked ({@link ClientMatch})
   * @param since the earliest write time, inclusive
   * @param until the latest write time, inclusive
   * @param after only records with a greater offset: where the last page ended
   * @param limit at most this many records
   */
  public record Filter(Optional<String> name, Optional<NamedReference> reference,
      Optional<String> client, Optional<Instant> since, Optional<Instant> until, long after,
      int limit) {
    public Filter {
      if (name.isPresent() && reference.isPresent()) {
        throw new IllegalArgumentException("a history is of an image or of a reference");
      }
    }

    /** {@code audit history NAME}: everything that touched it, however much. */
    public static Filter of(String name) {
      return new Filter(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), 0, Integer.MAX_VALUE);
    }

    boolean inTime(JournalRecord record) {
      return since.map(t -> !record.written().isBefore(t)).orElse(true)
          && until.map(t -> !record.written().isAfter(t)).orElse(true);
    }

    /** Past {@code until} by more than the writers' clocks may disagree: nothing later fits. */
    boolean pastUntil(JournalRecord record) {
      return until.map(t -> record.written().isAfter(t.plus(PointInTime.SKEW))).orElse(false);
    }
  }

  /**
   * One page: the records in write order, and the offset to ask after for the next, which is
   * that of the last record here, or the query's own {@code after} when there is none.
   */
  public record Page(List<JournalRecord> records, long next) {}

  /**
   * The page {@code filter} asks for. A name is resolved over the whole log first.
   *
   * @throws IllegalArgumentException (through the stage) if the name names nothing the log has,
   *     or is an ambiguous prefix, with what to tell the user
   */
  public static CompletionStage<Page> run(Replay log, Filter filter) {
    CompletionStage<Optional<History.Subject>> subject = filter.reference().isPresent()
        ? CompletableFuture.completedFuture(filter.reference().map(History.Subject.Reference::new))
        : filter.name().map(name -> resolve(log, name).thenApply(Optional::of))
            .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
    return subject.thenCompose(about -> {
      Fold fold = new Fold(filter, about);
      return log.run(fold.from(), fold::wantsMore, fold::offer).thenApply(done -> fold.page());
    });
  }

  /** What {@code name} stands for in the log ({@link NamesSeen#resolve}). */
  public static CompletionStage<History.Subject> resolve(Replay log, String name) {
    NamesSeen names = new NamesSeen();
    return log.run(0, record -> true, names::accept).thenApply(done -> names.resolve(name));
  }

  /**
   * One pass over the log. Without a subject or a client every record stands alone, so the
   * pass starts after {@code after} and stops at the limit; a subject or a client needs the
   * starts of the deletes and operations before that, so it reads from the beginning.
   */
  private static final class Fold {
    private final Filter filter;
    private final Optional<History> history;
    private final Optional<ClientMatch> client;
    /** With a history: the offsets of the client's records among all offered. */
    private final Set<Long> clients = new HashSet<>();
    /** Without a history: the records kept, in write order. */
    private final List<JournalRecord> kept = new ArrayList<>();
    private boolean past;

    Fold(Filter filter, Optional<History.Subject> subject) {
      this.filter = filter;
      this.history = subject.map(History::new);
      this.client = filter.client().map(ClientMatch::new);
    }

    long from() {
      return history.isEmpty() && client.isEmpty() ? filter.after() : 0;
    }

    boolean wantsMore(JournalRecord record) {
      past = past || filter.pastUntil(record);
      return !past && (history.isPresent() || kept.size() < filter.limit());
    }

    void offer(JournalRecord record) {
      List<JournalRecord> theClients = client.map(c -> c.offer(record))
          .orElse(List.of(record));
      if (history.isPresent()) {
        history.get().accept(record);
        theClients.forEach(r -> clients.add(r.offset()));
      } else {
        theClients.stream().filter(this::wanted).forEach(kept::add);
      }
    }

    private boolean wanted(JournalRecord record) {
      return record.offset() > filter.after() && filter.inTime(record);
    }

    Page page() {
      List<JournalRecord> records = history.map(h -> h.records().stream()
              .filter(r -> wanted(r) && (client.isEmpty() || clients.contains(r.offset()))))
          .orElseGet(() -> kept.stream().sorted(Comparator.comparingLong(JournalRecord::offset)))
          .limit(filter.limit()).toList();
      return new Page(records, records.isEmpty() ? filter.after()
          : records.get(records.size() - 1).offset());
    }
  }
}
