package io.imagesaga.audit;

import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
   * @param window how many of the records that fit, and which: the first or the last
   */
  public record Filter(Optional<String> name, Optional<NamedReference> reference,
      Optional<String> client, Optional<Instant> since, Optional<Instant> until, long after,
      Window window) {
    public Filter {
      if (name.isPresent() && reference.isPresent()) {
        throw new IllegalArgumentException("a history is of an image or of a reference");
      }
    }

    /** {@code audit history NAME}: everything that touched it, however much. */
    public static Filter of(String name) {
      return new Filter(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), 0, Window.first(Integer.MAX_VALUE));
    }

    /** Whether the read must start at the log's beginning (see {@link HistoryFold}). */
    boolean readsFromStart() {
      return name.isPresent() || reference.isPresent() || client.isPresent();
    }

    boolean wanted(JournalRecord record) {
      return record.offset() > after && inTime(record);
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
   * How many records a page holds, and which of those that fit: the first after the cursor (a
   * page to go on from), or the last (the end of the log, where a timeline starts).
   */
  public record Window(int count, boolean last) {
    public Window {
      if (count < 1) {
        throw new IllegalArgumentException("a page holds at least one record, not " + count);
      }
    }

    public static Window first(int count) {
      return new Window(count, false);
    }

    public static Window last(int count) {
      return new Window(count, true);
    }
  }

  /**
   * One page: the records in write order, and the offset to ask after for the next, which is
   * that of the last record here, or the query's own {@code after} when there is none.
   */
  public record Page(List<JournalRecord> records, long next) {}

  /**
   * The page {@code filter} asks for, holding no more than its window whatever the log's
   * length. A name is resolved over the whole log first.
   *
   * @throws IllegalArgumentException (through the stage) if the name names nothing the log has,
   *     or is an ambiguous prefix, with what to tell the user
   */
  public static CompletionStage<Page> run(Replay log, Filter filter) {
    CompletionStage<Optional<History.Subject>> subject = filter.reference().isPresent()
        ? CompletableFuture.completedFuture(filter.reference().map(History.Subject.Reference::new))
        : filter.name().map(name -> resolve(log, name).thenApply(Optional::of))
            .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
    return subject.thenCompose(about -> from(log, filter).thenCompose(from -> {
      HistoryFold fold = new HistoryFold(filter, about);
      return log.run(from, fold::wantsMore, fold::offer).thenApply(done -> fold.page());
    }));
  }

  /**
   * Where the read starts. A subject or a client needs the starts of the deletes and
   * operations before any page, so the beginning. Otherwise every record stands alone: after
   * the cursor, or for the last N when every record fits (no time range), N before the log's
   * end if the log can tell it (offsets grow by one per record, docs/design.md "Audit over
   * HTTP").
   */
  private static CompletionStage<Long> from(Replay log, Filter filter) {
    if (filter.readsFromStart()) {
      return CompletableFuture.completedFuture(0L);
    }
    if (!filter.window().last() || filter.since().isPresent() || filter.until().isPresent()) {
      return CompletableFuture.completedFuture(filter.after());
    }
    return log.end().thenApply(end -> end.isEmpty() ? filter.after()
        : Math.max(filter.after(), end.getAsLong() - filter.window().count()));
  }

  /**
   * What {@code name} stands for in the log ({@link NamesSeen#resolve}); the log is read for it
   * only when the name could be an ID prefix ({@link NamesSeen#withoutLog}).
   */
  public static CompletionStage<History.Subject> resolve(Replay log, String name) {
    Optional<History.Subject> known = NamesSeen.withoutLog(name);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    NamesSeen names = NamesSeen.lookingFor(name);
    return log.run(0, record -> true, names::accept).thenApply(done -> names.resolve(name));
  }
}
