package io.imagesaga.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An invariant of {@code docs/design.md} that did not hold after a record.
 *
 * @param invariant its number in {@code docs/design.md} (1 to 4)
 * @param description what was wrong, naming the entities
 * @param after the record after which it was found
 * @param entities the persistence IDs of the entities that disagree
 */
public record Violation(int invariant, String description, JournalRecord after,
    Set<String> entities) {

  public Violation {
    entities = Set.copyOf(entities);
  }

  /** Every event of the entities involved, up to the violation, read again from {@code log}. */
  public List<JournalRecord> events(AuditLog log) {
    List<JournalRecord> events = new ArrayList<>();
    log.forEach(record -> record.offset() <= after.offset(), record -> {
      if (entities.contains(record.persistenceId())) {
        events.add(record);
      }
    });
    return events;
  }
}
