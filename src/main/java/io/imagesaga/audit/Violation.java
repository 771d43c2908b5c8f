package io.imagesaga.audit;

import java.util.List;

/**
 * An invariant of {@code design.md} that did not hold after a record, with the events since the
 * last point it was seen to hold that touched the entities involved.
 *
 * @param invariant its number in {@code design.md} (1 to 4)
 * @param description what was wrong, naming the entities
 * @param after the record after which it was found
 * @param events the involved entities' records since the invariants last held, in write order
 */
public record Violation(int invariant, String description, JournalRecord after,
    List<JournalRecord> events) {

  public Violation {
    events = List.copyOf(events);
  }
}
