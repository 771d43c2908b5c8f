package io.imagesaga.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistence IDs with a write the journal holds or is writing: the open batch's, and each
 * handed-over batch's until the journal hears it is written. Kept by the journal actor alone.
 */
final class Unwritten {
  private final Map<String, Integer> writes = new HashMap<>();
  private List<String> open = new ArrayList<>();
  private final Map<Long, List<String>> batches = new HashMap<>();

  /** A write of {@code persistenceId} joined the open batch. */
  void held(String persistenceId) {
    writes.merge(persistenceId, 1, Integer::sum);
    open.add(persistenceId);
  }

  /** The open batch went to the writer as batch {@code number}. */
  void handedOver(long number) {
    batches.put(number, open);
    open = new ArrayList<>();
  }

  /** Batch {@code number} is written (or failed): its writes are no longer pending. */
  void written(long number) {
    List<String> ids = batches.remove(number);
    if (ids != null) {
      ids.forEach(id -> writes.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1));
    }
  }

  boolean contains(String persistenceId) {
    return writes.containsKey(persistenceId);
  }
}
