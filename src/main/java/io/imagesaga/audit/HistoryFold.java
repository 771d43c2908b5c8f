package io.imagesaga.audit;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One pass over the log for one page of {@link HistoryQuery}. What it holds is bounded by the
 * page, not by the log: the kept records ({@link KeptRecords}), and with a subject and a client
 * together, the subject's records of the last {@link ClientMatch#STEP_WRITE} offsets whose
 * client is not settled yet, with the client's offsets among them. A page of the first records
 * stops the read as soon as nothing later in the log could still belong on it.
 */
final class HistoryFold {
  private final HistoryQuery.Filter filter;
  private final Optional<ClientMatch> client;
  private final Optional<History> history;
  private final KeptRecords kept;
  /** Kept by the history, not settled as the client's or not: a later step may claim them. */
  private final TreeMap<Long, JournalRecord> unsettled = new TreeMap<>();
  /** The offsets the client's records have, from the oldest unsettled one on. */
  private final TreeSet<Long> claimed = new TreeSet<>();
  private boolean past;

  HistoryFold(HistoryQuery.Filter filter, Optional<History.Subject> subject) {
    this.filter = filter;
    this.client = filter.client().map(ClientMatch::new);
    this.history = subject.map(about -> new History(about, this::fromHistory));
    this.kept = new KeptRecords(filter.window());
  }

  /** Whether to offer {@code record}: false once past {@code until} or the page is settled. */
  boolean wantsMore(JournalRecord record) {
    past = past || filter.pastUntil(record);
    return !past && !kept.completeBefore(oldestStillPossible(record.offset()));
  }

  void offer(JournalRecord record) {
    List<JournalRecord> mine = client.map(c -> c.offer(record)).orElse(List.of(record));
    if (history.isEmpty()) {
      mine.forEach(this::keep);
      return;
    }
    if (client.isPresent()) {
      mine.forEach(r -> claimed.add(r.offset()));
    }
    history.get().accept(record);
    if (client.isPresent()) {
      settleBefore(record.offset() - ClientMatch.STEP_WRITE);
    }
  }

  /** How many records and offsets the fold holds now: bounded by the page, not the log. */
  int held() {
    return kept.size() + unsettled.size() + claimed.size();
  }

  HistoryQuery.Page page() {
    settleBefore(Long.MAX_VALUE);
    List<JournalRecord> records = kept.inOrder();
    return new HistoryQuery.Page(records, records.isEmpty() ? filter.after()
        : records.get(records.size() - 1).offset());
  }

  /**
   * The lowest offset a record kept from {@code next} on may have: a step claims the client's
   * records up to {@link ClientMatch#STEP_WRITE} back, the history may bring in the start of a
   * delete it follows, and what is unsettled may still be kept.
   */
  private long oldestStillPossible(long next) {
    long oldest = client.isPresent() ? next - ClientMatch.STEP_WRITE : next;
    if (!unsettled.isEmpty()) {
      oldest = Math.min(oldest, unsettled.firstKey());
    }
    if (history.isPresent()) {
      oldest = Math.min(oldest, history.get().oldestStillPossible(next));
    }
    return oldest;
  }

  private void fromHistory(JournalRecord record) {
    if (client.isEmpty()) {
      keep(record);
    } else {
      unsettled.put(record.offset(), record);
    }
  }

  /**
   * Settles the unsettled records below {@code bound}, which no step from here on can claim:
   * the client's are kept. A delete's start brought in long after it was written is the
   * client's if it says the client asked, as {@link ClientMatch} decided when it was offered.
   */
  private void settleBefore(long bound) {
    while (!unsettled.isEmpty() && unsettled.firstKey() < bound) {
      JournalRecord record = unsettled.pollFirstEntry().getValue();
      if (claimed.contains(record.offset()) || client.orElseThrow().asked(record)) {
        keep(record);
      }
    }
    claimed.headSet(bound).clear();
  }

  private void keep(JournalRecord record) {
    if (filter.wanted(record)) {
      kept.add(record);
    }
  }
}
