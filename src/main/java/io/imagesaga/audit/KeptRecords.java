package io.imagesaga.audit;

import java.util.List;
import java.util.TreeMap;

/**
 * The records one page of a history keeps: at most {@code limit}, those with the lowest offsets
 * (a page after a cursor) or the highest (the end of the log). Records may be offered out of
 * order; what the page holds never exceeds the limit, however long the log.
 */
final class KeptRecords {
  private final TreeMap<Long, JournalRecord> byOffset = new TreeMap<>();
  private final int limit;
  private final boolean last;

  /** @param window how many to keep (at least one), the highest offsets or the lowest */
  KeptRecords(HistoryQuery.Window window) {
    this.limit = window.count();
    this.last = window.last();
  }

  void add(JournalRecord record) {
    byOffset.put(record.offset(), record);
    if (byOffset.size() > limit) {
      if (last) {
        byOffset.pollFirstEntry();
      } else {
        byOffset.pollLastEntry();
      }
    }
  }

  /**
   * Whether a page of the lowest offsets is complete before {@code offset}: it is full, and a
   * record there or after could only push itself out.
   */
  boolean completeBefore(long offset) {
    return !last && byOffset.size() == limit && byOffset.lastKey() < offset;
  }

  int size() {
    return byOffset.size();
  }

  /** The records kept, in write order. */
  List<JournalRecord> inOrder() {
    return List.copyOf(byOffset.values());
  }
}
